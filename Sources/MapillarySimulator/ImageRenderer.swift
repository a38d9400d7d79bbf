import Foundation

/// Renders simulated images as Graph API JSON objects: only the requested fields (plus `id`), ids as strings,
/// numbers with decimals, GeoJSON points `[lon, lat]`, signed thumbnail URLs; shaped like reference §6 example A.
struct ImageRenderer: Sendable {
    /// Every v4 image field the simulator knows; anything else is "(#100) Tried accessing nonexisting field".
    static let knownFields: Set<String> = [
        "id", "altitude", "atomic_scale", "camera_parameters", "camera_type", "captured_at", "compass_angle",
        "computed_altitude", "computed_compass_angle", "computed_geometry", "computed_rotation", "creator",
        "exif_orientation", "geometry", "height", "width", "is_pano", "make", "model", "merge_cc", "mesh",
        "sfm_cluster", "quality_score", "sequence", "thumb_256_url", "thumb_1024_url", "thumb_2048_url",
        "thumb_original_url", "organization",
    ]

    /// Parses a `fields` value; nil value means `id` only. Throws on the first unknown name.
    static func fields(_ value: String?) throws(GraphError) -> [String] {
        guard let value else { return [] }
        var result: [String] = []
        for raw in value.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            guard knownFields.contains(name) else { throw .unknownField(name) }
            if name != "id", !result.contains(name) { result.append(name) }
        }
        return result
    }

    let seed: UInt64
    let signer: ThumbnailSigner
    let cdnBase: String
    let now: Double
    let ttl: Duration

    /// The JSON object for `image` with `fields`; `overrideID` replaces the id (hostile injection).
    func render(_ image: SimulatedImage, fields: [String], overrideID: String? = nil) -> String {
        var members: [(String, String)] = [("id", JSONText.string(overrideID ?? image.id))]
        for field in fields {
            if let value = value(of: field, for: image, id: overrideID ?? image.id) { members.append((field, value)) }
        }
        return JSONText.object(members)
    }

    private func unit(_ image: SimulatedImage, _ salt: String) -> Double {
        StableHash.unit(seed: seed, image.id, salt)
    }

    private func round(_ value: Double, _ digits: Double) -> Double {
        (value * digits).rounded() / digits
    }

    private func point(_ lon: Double, _ lat: Double) -> String {
        JSONText.object([("type", JSONText.string("Point")),
                         ("coordinates", JSONText.array([JSONText.number(lon), JSONText.number(lat)]))])
    }

    private func value(of field: String, for image: SimulatedImage, id: String) -> String? {
        let s = JSONText.string, n = JSONText.number
        let noGeometry = image.hostileKind == .missingGeometry
        switch field {
        case "altitude": return n(round(30 + 40 * unit(image, "alt"), 1000))
        case "atomic_scale": return n(0.9 + 0.2 * unit(image, "scale"))
        case "camera_parameters":
            guard !image.isPanoramaByLabel else { return nil }
            return JSONText.array([n(0.5 + 0.4 * unit(image, "f")), n(-0.1 + 0.05 * unit(image, "k1")),
                                   n(0.01 * unit(image, "k2"))])
        case "camera_type": return s(image.cameraType)
        case "captured_at":
            return image.hostileKind == .capturedAtString
                ? s(ISOTimestamp.string(milliseconds: image.capturedAt)) : String(image.capturedAt)
        case "compass_angle": return n(round(image.compassAngle, 1000))
        case "computed_altitude": return n(-2 + 4 * unit(image, "calt"))
        case "computed_compass_angle":
            return n((image.compassAngle + 6 * unit(image, "cca") - 3 + 360).truncatingRemainder(dividingBy: 360))
        case "computed_geometry": return noGeometry ? nil : point(image.lon, image.lat)
        case "computed_rotation":
            return JSONText.array([n(1.5 + 0.2 * unit(image, "r0")), n(0.3 * unit(image, "r1") - 0.15),
                                   n(0.2 * unit(image, "r2") - 0.1)])
        case "creator": return JSONText.object([("username", s(image.creator)), ("id", s(image.creatorID))])
        case "exif_orientation": return "1"
        case "geometry": return noGeometry ? nil : point(round(image.geometryLon, 1e7), round(image.geometryLat, 1e7))
        case "height": return String(image.height)
        case "width": return String(image.width)
        case "is_pano": return image.isPano ? "true" : "false"
        case "make": return s(image.make)
        case "model": return s(image.model)
        case "merge_cc": return String(100_000_000_000_000 + StableHash.hash(image.sequence, seed: seed) % 899_999_999_999_999)
        case "mesh", "sfm_cluster":
            let ref = String(100_000_000_000_000 + StableHash.hash(image.id + field, seed: seed) % 899_999_999_999_999)
            return JSONText.object([("id", s(ref)), ("url", s("\(cdnBase)/m1/v/t0/\(field)-\(ref)"))])
        case "quality_score": return n(unit(image, "quality"))
        case "sequence": return s(image.sequence)
        case "organization":
            // Only some sequences belong to an organization (the field is optional everywhere).
            guard StableHash.unit(seed: seed, image.sequence, "org") < 0.3 else { return nil }
            return JSONText.object([("id", s(String(StableHash.hash(image.sequence, seed: seed) % 900_000_000_000_000 + 100_000_000_000_000)))])
        default:
            guard let resolution = ThumbnailSigner.resolutions.first(where: { $0.field == field })?.name else { return nil }
            if resolution == "original", !image.hasOriginalURL { return nil }
            return s(signer.url(base: cdnBase, id: id, resolution: resolution, now: now, ttl: ttl))
        }
    }
}
