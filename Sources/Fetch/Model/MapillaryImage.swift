import Foundation

/// One Mapillary image record as the Graph API returned it, with typed accessors for the fields
/// `mly360` uses.
///
/// The record keeps every field and its exact source text (``rawJSON``); the typed accessors never
/// fail — a missing field or a field of the wrong type reads as `nil`. Only the id is validated,
/// because it names files on disk and rows in the state database.
public struct MapillaryImage: Sendable, Equatable {
    /// The image id: 1–20 ASCII digits, at most `UInt64.max` (many exceed 2^53, so it stays a string).
    public let id: String
    /// The record's JSON text exactly as received (or a lossless re-serialisation).
    public let rawJSON: String
    /// Every member of the record, in the order received.
    public let fields: [JSONField]

    /// Creates an image from a parsed JSON object.
    /// - Parameters:
    ///   - json: The record; must be an object with a valid `id` (a digit string, or a digit number literal).
    ///   - raw: The record's source text; when empty, `json.serialized()` is stored instead.
    /// - Throws: ``FetchError/invalidRecord(reason:)`` naming the bad value (truncated and escaped) when
    ///   the record is not an object or its id is missing or invalid.
    public init(json: JSONValue, raw: String) throws(FetchError) {
        guard case .object(let fields) = json else {
            throw .invalidRecord(reason: "an image record is not a JSON object: \(FetchError.quoted(json.serialized()))")
        }
        let id: String
        switch json["id"] {
        case .string(let text)?: id = text
        case .number(let text)?: id = text
        case nil: throw .invalidRecord(reason: "an image record has no id: \(FetchError.quoted(json.serialized()))")
        case let other?:
            throw .invalidRecord(reason: "an image id is not a string: \(FetchError.quoted(other.serialized()))")
        }
        guard MapillaryImage.isValidID(id) else {
            throw .invalidRecord(reason: "image id \(FetchError.quoted(id)) is not 1–20 digits within UInt64")
        }
        self.id = id
        self.fields = fields
        self.rawJSON = raw.isEmpty ? json.serialized() : raw
    }

    /// `ids` in their first-seen order without repeats, after checking each is a valid image id.
    /// - Throws: ``FetchError/invalidInput(_:)`` naming the first invalid id.
    static func validatedUnique(_ ids: [String]) throws(FetchError) -> [String] {
        var unique: [String] = []
        var seen = Set<String>()
        for id in ids {
            guard isValidID(id) else {
                throw .invalidInput("The image id \(FetchError.quoted(id)) is not valid (expected 1–20 digits).")
            }
            if seen.insert(id).inserted { unique.append(id) }
        }
        return unique
    }

    /// Whether `text` is a valid v4 image id: 1–20 ASCII digits whose value fits in `UInt64`.
    /// - Parameter text: A candidate id.
    /// - Returns: `true` for ids such as `"26774514888887982"`; `false` for `"../x"`, `""`, `"1e5"`.
    public static func isValidID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...20).contains(utf8.count), utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return UInt64(text) != nil
    }

    /// The value of the member named `field`, or `nil` when absent.
    public subscript(field: String) -> JSONValue? {
        fields.last(where: { $0.name == field })?.value
    }

    /// The sequence key (the `sequence` field), or `nil` when absent, empty or not a string.
    public var sequence: String? { nonEmptyString("sequence") }

    /// The capture time in milliseconds since 1970 (`captured_at`).
    public var capturedAt: Int64? { self["captured_at"]?.int64Value }

    /// The `is_pano` flag, when present as a boolean.
    public var isPano: Bool? { self["is_pano"]?.boolValue }

    /// The `camera_type` (`perspective`, `fisheye`, `spherical`, `equirectangular`…).
    public var cameraType: String? { nonEmptyString("camera_type") }

    /// Whether the API labels this a 360° image: `is_pano == true`, or a `camera_type` of
    /// `spherical` or `equirectangular` (synonyms).
    public var isPanorama: Bool {
        PanoramaLabel.says(isPano: isPano.map { $0 ? "true" : "false" }, cameraType: cameraType) == true
    }

    /// The position as (longitude, latitude): `computed_geometry` when valid, else `geometry`;
    /// `nil` when neither holds an in-range `[lon, lat]` point.
    public var coordinate: (longitude: Double, latitude: Double)? {
        MapillaryImage.point(self["computed_geometry"]) ?? MapillaryImage.point(self["geometry"])
    }

    /// The longitude in degrees (see ``coordinate``).
    public var longitude: Double? { coordinate?.longitude }

    /// The latitude in degrees (see ``coordinate``).
    public var latitude: Double? { coordinate?.latitude }

    /// The original width in pixels, when a plausible positive integer (at most 1 000 000).
    public var width: Int? { MapillaryImage.dimension(self["width"]) }

    /// The original height in pixels, when a plausible positive integer (at most 1 000 000).
    public var height: Int? { MapillaryImage.dimension(self["height"]) }

    /// The camera make; `nil` when absent, empty or the literal `"none"`.
    public var make: String? { meaningful("make") }

    /// The camera model; `nil` when absent, empty or the literal `"none"`.
    public var model: String? { meaningful("model") }

    /// The signed thumbnail URL for `resolution`, or `nil` when absent or empty.
    /// - Parameter resolution: The size wanted.
    public func thumbnailURL(_ resolution: Resolution) -> String? {
        nonEmptyString(resolution.fieldName)
    }

    private func nonEmptyString(_ name: String) -> String? {
        guard let text = self[name]?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    private func meaningful(_ name: String) -> String? {
        guard let text = nonEmptyString(name) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "none" { return nil }
        return text
    }

    private static func point(_ geometry: JSONValue?) -> (longitude: Double, latitude: Double)? {
        guard let coordinates = geometry?["coordinates"],
            let lon = coordinates[0]?.doubleValue, let lat = coordinates[1]?.doubleValue,
            (-180.0...180.0).contains(lon), (-90.0...90.0).contains(lat)
        else { return nil }
        return (lon, lat)
    }

    private static func dimension(_ value: JSONValue?) -> Int? {
        guard let number = value?.int64Value, number > 0, number <= 1_000_000 else { return nil }
        return Int(number)
    }
}
