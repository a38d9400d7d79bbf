/// A property value of a vector tile feature (the MVT `Value` message).
public enum VectorTileValue: Sendable, Equatable {
    /// `string_value`.
    case string(String)
    /// `float_value`.
    case float(Float)
    /// `double_value` (Mapillary's image `id` arrives this way: never trust it above 2^53).
    case double(Double)
    /// `int_value`.
    case int(Int64)
    /// `uint_value`.
    case uint(UInt64)
    /// `sint_value` (zigzag-decoded).
    case sint(Int64)
    /// `bool_value`.
    case bool(Bool)

    /// The value as text when it is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as a boolean: a bool, or a number (non-zero is true).
    public var boolValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .int(let n), .sint(let n): n != 0
        case .uint(let n): n != 0
        default: nil
        }
    }

    /// The value as an exact integer: integer kinds, and doubles or floats only when they are integral
    /// and at most 2^53 in magnitude (above that a double no longer names one integer).
    public var exactInteger: UInt64? {
        switch self {
        case .uint(let n): return n
        case .int(let n), .sint(let n): return n >= 0 ? UInt64(n) : nil
        case .double(let d): return VectorTileValue.exact(d)
        case .float(let f): return VectorTileValue.exact(Double(f))
        default: return nil
        }
    }

    /// The value as a number (any numeric kind).
    public var doubleValue: Double? {
        switch self {
        case .double(let d): d
        case .float(let f): Double(f)
        case .int(let n), .sint(let n): Double(n)
        case .uint(let n): Double(n)
        default: nil
        }
    }

    /// 2^53: the largest magnitude up to which every integer is exactly a double.
    public static let exactDoubleLimit: Double = 9_007_199_254_740_992

    private static func exact(_ d: Double) -> UInt64? {
        guard d.isFinite, d >= 0, d <= exactDoubleLimit, d.rounded() == d else { return nil }
        return UInt64(d)
    }

    /// Decodes one `Value` message.
    static func decode(_ reader: inout ProtobufReader) throws(VectorTileError) -> VectorTileValue {
        var value: VectorTileValue?
        while !reader.isAtEnd {
            let key = try reader.readKey()
            switch (key.field, key.type) {
            case (1, .lengthDelimited): value = .string(try reader.readString())
            case (2, .fixed32): value = .float(Float(bitPattern: try reader.readFixed32()))
            case (3, .fixed64): value = .double(Double(bitPattern: try reader.readFixed64()))
            case (4, .varint): value = .int(Int64(bitPattern: try reader.readVarint()))
            case (5, .varint): value = .uint(try reader.readVarint())
            case (6, .varint):
                let raw = try reader.readVarint()
                value = .sint(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
            case (7, .varint): value = .bool(try reader.readVarint() != 0)
            default: try reader.skip(key.type)
            }
        }
        guard let value else { throw .malformed(offset: reader.position, reason: "a value message without a value") }
        return value
    }
}
