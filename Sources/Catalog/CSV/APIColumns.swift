import Fetch
import Foundation

/// The columns rendered from an API record: the leading columns and the flattened dotted fields.
enum APIColumns {
    /// The leading columns, exactly in this order.
    static let leading = [
        "id", "filename", "latitude", "longitude", "sequence", "captured_at", "camera_type", "make", "model",
        "width", "height", "resolution", "download_url", "download_status", "download_error",
    ]

    /// The column holding the API object as received.
    static let rawJSON = "raw_json"

    /// API fields already shown in the leading columns (so not repeated among the dotted ones).
    static let fieldsInLeadingColumns: Set<String> = [
        "id", "sequence", "captured_at", "camera_type", "make", "model", "width", "height",
    ]

    /// The image's fields as (dotted name, text) pairs, in document order: objects are walked
    /// (`creator.username`), arrays become compact JSON, numbers keep their literal text, booleans are
    /// `true`/`false`, null is empty. Fields shown in the leading columns are left out.
    /// - Parameter fields: The image object's members.
    static func flatten(_ fields: [JSONField]) -> [(String, String)] {
        var out: [(String, String)] = []
        for field in fields where !fieldsInLeadingColumns.contains(field.name) {
            flatten(field.value, name: field.name, into: &out)
        }
        return out
    }

    private static func flatten(_ value: JSONValue, name: String, into out: inout [(String, String)]) {
        switch value {
        case .object(let members) where !members.isEmpty:
            for member in members { flatten(member.value, name: name + "." + member.name, into: &out) }
        case .object, .array:
            out.append((name, value.serialized()))
        case .string(let text):
            out.append((name, text))
        case .number(let literal):
            out.append((name, literal))
        case .bool(let flag):
            out.append((name, flag ? "true" : "false"))
        case .null:
            out.append((name, ""))
        }
    }

    /// The values of the leading columns for a record with an API record.
    /// - Parameters:
    ///   - record: The record.
    ///   - image: Its parsed API record.
    ///   - filename: The file's path as the CSV shows it (relative to the CSV), when the record has a file.
    static func leadingValues(for record: CatalogRecord, image: MapillaryImage, filename: String?) -> [String] {
        let coordinate = coordinateText(image)
        return [
            record.id,
            filename ?? "",
            coordinate?.latitude ?? "",
            coordinate?.longitude ?? "",
            image.sequence ?? "",
            image.capturedAt.map(isoTimestamp) ?? "",
            image.cameraType ?? "",
            image.make ?? "",
            image.model ?? "",
            image.width.map(String.init) ?? "",
            image.height.map(String.init) ?? "",
            record.resolution ?? "",
            record.downloadURL ?? "",
            record.downloadStatusText,
            record.downloadStatus == .failed ? (record.downloadError ?? "") : "",
        ]
    }

    /// Latitude and longitude as the API's own number literals: from `computed_geometry` when it holds a
    /// valid point, else from `geometry` (the same rule as ``MapillaryImage/coordinate``).
    static func coordinateText(_ image: MapillaryImage) -> (latitude: String, longitude: String)? {
        guard let coordinate = image.coordinate else { return nil }
        for name in ["computed_geometry", "geometry"] {
            guard let point = image[name]?["coordinates"],
                case .number(let lon)? = point[0], case .number(let lat)? = point[1],
                Double(lon) == coordinate.longitude, Double(lat) == coordinate.latitude
            else { continue }
            return (lat, lon)
        }
        return (String(coordinate.latitude), String(coordinate.longitude))
    }

    /// `milliseconds` since 1970 as ISO 8601 UTC with milliseconds, e.g. `2021-08-28T10:20:36.000Z`.
    /// - Parameter milliseconds: Epoch milliseconds.
    static func isoTimestamp(_ milliseconds: Int64) -> String {
        // Whole seconds through Foundation, the milliseconds as integers (a Double would round them).
        var (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        let text = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        let fraction = String(millis)
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }
}
