/// Minimal JSON text building: the simulator writes its answers by hand so that number literals, key order and
/// quirks (ids as strings, `captured_at` as a string for a hostile record) are exactly what it means to send.
enum JSONText {
    /// A JSON string literal with the required escapes.
    static func string(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number literal that always has a decimal point or exponent (like the API's `48.737`), never `nan`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        return "\(value)"
    }

    /// An object from already-encoded member values, in the given order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// An array of already-encoded values.
    static func array(_ values: [String]) -> String {
        "[" + values.joined(separator: ",") + "]"
    }
}
