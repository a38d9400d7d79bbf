/// A parsed JSON document that loses nothing: numbers keep their literal text and objects keep
/// member order.
///
/// Mapillary image ids exceed 2^53 and `merge_cc` values are 15-digit integers, so a number is never
/// rounded through `Double` on the way in: ``JSONValue/number(_:)`` holds the literal exactly as it
/// appeared in the input, and ``serialized()`` writes it back verbatim.
public indirect enum JSONValue: Sendable, Equatable {
    /// A string, unescaped.
    case string(String)
    /// A number, as its literal text (for example `"26774514888887982"` or `"-1.5965052107349"`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object([JSONField])

    /// The value of the member named `key` when this is an object (the last one if the name repeats,
    /// as JavaScript does); `nil` for a missing member or a non-object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.last(where: { $0.name == key })?.value
    }

    /// The element at `index` when this is an array and the index is in range; otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The string when this is ``string(_:)``; otherwise `nil`.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer when this is a ``number(_:)`` whose literal is an integer that fits in `Int64`
    /// (an integral literal such as `1.0e3` is accepted when it is exactly representable); otherwise `nil`.
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        if let exact = Int64(text) { return exact }
        guard let double = Double(text), double.isFinite, double.rounded() == double,
            abs(double) <= 9_007_199_254_740_992
        else { return nil }
        return Int64(double)
    }

    /// The number as a `Double` when this is a finite ``number(_:)``; otherwise `nil`.
    public var doubleValue: Double? {
        guard case .number(let text) = self, let double = Double(text), double.isFinite else { return nil }
        return double
    }

    /// The boolean when this is ``bool(_:)``; otherwise `nil`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements when this is ``array(_:)``; otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members when this is ``object(_:)``; otherwise `nil`.
    public var objectValue: [JSONField]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Compact JSON text: no insignificant whitespace, numbers written verbatim, strings escaped
    /// (`"`, `\`, and control characters; everything else is written as UTF-8).
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                JSONValue.writeString(field.name, to: &out)
                out += ":"
                field.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `text` as a quoted JSON string literal.
    static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
