import Fetch
import Imaging

extension EmbedMetadata {
    /// The values mly360 embeds for a catalogued Mapillary image: the position the CSV uses (computed, else the
    /// original), the computed altitude else the original one (an unsigned-wrapped value such as 4294967281 is
    /// −15 m), the computed compass angle else the compass angle, capture time, make, model, id, sequence,
    /// creator, and the latest check's `projection_pixels`.
    init(record: CatalogRecord, image: MapillaryImage) {
        func number(_ name: String) -> Double? {
            if case .number(let text)? = image[name] { return Double(text) }
            return nil
        }
        var creator: String?
        if case .string(let name)? = image["creator"]?["username"] { creator = name }
        self.init(latitude: image.latitude, longitude: image.longitude,
                  altitude: (number("computed_altitude") ?? number("altitude")).map(Self.unwrapped),
                  heading: number("computed_compass_angle") ?? number("compass_angle"), capturedAt: image.capturedAt,
                  make: image.make, model: image.model, imageID: image.id, sequence: image.sequence, creator: creator,
                  projectionPixels: record.qa?["projection_pixels"])
    }

    /// An altitude the API sent as an unsigned 32-bit wrap of a negative value (4294967281 → −15), else itself.
    static func unwrapped(_ altitude: Double) -> Double {
        altitude >= 2_147_483_648 && altitude < 4_294_967_296 ? altitude - 4_294_967_296 : altitude
    }
}
