import Foundation
import Imaging

extension MetadataCSV {
    /// Extra columns of an existing CSV and their values by id.
    struct Existing {
        var columns: [String] = []
        var values: [String: [String]] = [:]
    }

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
    /// - Parameter milliseconds: Epoch milliseconds (any Int64; years outside 0…9999 are written as-is).
    public static func isoTimestamp(_ milliseconds: Int64) -> String {
        let (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var wholeSeconds = seconds
        var fraction = millis
        if fraction < 0 {
            fraction += 1000
            wholeSeconds -= 1
        }
        var days = wholeSeconds / 86_400
        var secondOfDay = wholeSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil-from-days (H. Hinnant), exact for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 3))Z"
    }

    /// Reads the columns of the CSV at `path` that are not `ownColumns`, with their values by id.
    /// A missing file yields nothing; an unreadable or malformed one yields nothing and a note.
    static func readExisting(path: String, ownColumns: Set<String>, notes: inout [String]) -> Existing {
        guard FileManager.default.fileExists(atPath: path) else { return Existing() }
        do {
            let reader = try CSVReader(path: path)
            guard let header = try reader.next() else { return Existing() }
            guard let idIndex = header.firstIndex(of: "id") else {
                notes.append("The existing \(path) has no id column, so its extra columns were not kept.")
                return Existing()
            }
            var seen = Set<String>()
            let extra = header.indices.filter { !ownColumns.contains(header[$0]) && seen.insert(header[$0]).inserted }
            var result = Existing(columns: extra.map { header[$0] })
            guard !extra.isEmpty else { return result }
            while let row = try reader.next() {
                guard idIndex < row.count else { continue }
                result.values[row[idIndex]] = extra.map { $0 < row.count ? row[$0] : "" }
            }
            return result
        } catch {
            notes.append("The existing \(path) could not be read (\(error)), so its extra columns were not kept.")
            return Existing()
        }
    }
}
