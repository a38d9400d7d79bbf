/// The type of one catalogue column in the GIS exports, inferred from its values by ``ColumnTypes``.
///
/// The CSV holds text only; the exports give each column one of these types, so a GeoJSON property, a
/// GeoPackage column and the `.csvt` sidecar of the CSV always agree.
public enum ColumnType: String, Sendable, Equatable, CaseIterable {
    /// Whole numbers within ±2^53 written as JSON integers (`-?(0|[1-9][0-9]*)`).
    case integer
    /// JSON numbers that are not all integers (finite).
    case real
    /// Only `true` and `false`.
    case boolean
    /// ISO 8601 UTC times as the CSV writes `captured_at` (`2021-08-28T10:20:36.000Z`).
    case dateTime
    /// Everything else, and every id-like column (ids exceed 2^53, so a double would change them).
    case string

    /// The type name GDAL reads in a `.csvt` sidecar.
    public var csvtName: String {
        switch self {
        case .integer: "Integer64"
        case .real: "Real"
        case .boolean: "Integer(Boolean)"
        case .dateTime: "DateTime"
        case .string: "String"
        }
    }

    /// The declared SQL type of a GeoPackage column (one of the standard's data types; GDAL reads `BOOLEAN`
    /// as a boolean field and `DATETIME` as a date-time field).
    public var geoPackageType: String {
        switch self {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .boolean: "BOOLEAN"
        case .dateTime: "DATETIME"
        case .string: "TEXT"
        }
    }

    /// Whether `text` (non-empty) is a value of this type.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .integer:
            guard Self.isJSONInteger(text), let value = Int64(text) else { return false }
            return value.magnitude <= 1 << 53
        case .real:
            // An integer beyond ±2^53 is no real either: a double would change it.
            if Self.isJSONInteger(text) { return Int64(text).map { $0.magnitude <= 1 << 53 } ?? false }
            guard Self.isJSONNumber(text), let value = Double(text) else { return false }
            return value.isFinite
        case .boolean: return text == "true" || text == "false"
        case .dateTime: return Self.isISOTimestamp(text)
        case .string: return true
        }
    }

    /// `-?(0|[1-9][0-9]*)`.
    static func isJSONInteger(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let first = bytes.first, isDigit(first) else { return false }
        if first == UInt8(ascii: "0") { return bytes.count == 1 }
        return bytes.allSatisfy(isDigit)
    }

    /// The JSON number grammar (RFC 8259 §6): `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// `YYYY-MM-DDTHH:MM:SS[.sss]Z` with plausible field ranges.
    static func isISOTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes.last == UInt8(ascii: "Z") else { return false }
        let pattern = Array("dddd-dd-ddTdd:dd:dd".utf8)
        for (index, expected) in pattern.enumerated() {
            if expected == UInt8(ascii: "d") {
                guard isDigit(bytes[index]) else { return false }
            } else if bytes[index] != expected {
                return false
            }
        }
        if bytes.count == 24 {
            guard bytes[19] == UInt8(ascii: "."), bytes[20..<23].allSatisfy(isDigit) else { return false }
        }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        return (1...12).contains(number(5..<7)) && (1...31).contains(number(8..<10)) && number(11..<13) < 24
            && number(14..<16) < 60 && number(17..<19) < 61
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
