/// A bounds-checked reader of protobuf wire format over a byte array: every varint, length and
/// fixed-width field is checked against the bytes that remain, so hostile input throws instead of
/// trapping or allocating without bound.
struct ProtobufReader {
    /// The wire types of the protobuf encoding (groups, 3 and 4, are refused).
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int

    /// A reader of `bytes[range]`.
    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        position = range.lowerBound
        end = range.upperBound
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { position >= end }

    /// Reads a varint of at most 10 bytes.
    mutating func readVarint() throws(VectorTileError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .truncated(offset: position, what: "varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw .malformed(offset: position - 1, reason: "varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformed(offset: position - 1, reason: "varint longer than 10 bytes") }
        }
    }

    /// Reads a field key: its number and wire type.
    mutating func readKey() throws(VectorTileError) -> (field: UInt64, type: WireType) {
        let offset = position
        let key = try readVarint()
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw .malformed(offset: offset, reason: "unsupported wire type \(key & 7)")
        }
        let field = key >> 3
        guard field > 0 else { throw .malformed(offset: offset, reason: "field number 0") }
        return (field, type)
    }

    /// Reads a length prefix and returns the range of the bytes it covers (which it skips).
    mutating func readLengthDelimited() throws(VectorTileError) -> Range<Int> {
        let offset = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw .truncated(offset: offset, what: "length-delimited field of \(length) bytes")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// Reads 8 little-endian bytes.
    mutating func readFixed64() throws(VectorTileError) -> UInt64 {
        guard end - position >= 8 else { throw .truncated(offset: position, what: "fixed64") }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return value
    }

    /// Reads 4 little-endian bytes.
    mutating func readFixed32() throws(VectorTileError) -> UInt32 {
        guard end - position >= 4 else { throw .truncated(offset: position, what: "fixed32") }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return value
    }

    /// Skips a field of `type`.
    mutating func skip(_ type: WireType) throws(VectorTileError) {
        switch type {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try readFixed32()
        }
    }

    /// Reads a length-delimited UTF-8 string (invalid sequences are refused).
    mutating func readString() throws(VectorTileError) -> String {
        let range = try readLengthDelimited()
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw .malformed(offset: range.lowerBound, reason: "invalid UTF-8 in a string")
        }
        return text
    }

    /// A reader of a nested message that occupies `range`.
    func nested(_ range: Range<Int>) -> ProtobufReader {
        ProtobufReader(bytes, range: range)
    }

    /// Reads a packed repeated `uint32` field (or, with `type == .varint`, one unpacked element),
    /// appending to `values`; a value above `UInt32.max` is refused.
    mutating func readPackedUInt32(type: WireType, into values: inout [UInt32]) throws(VectorTileError) {
        switch type {
        case .varint:
            values.append(try checkedUInt32(readVarint()))
        case .lengthDelimited:
            var inner = nested(try readLengthDelimited())
            while !inner.isAtEnd { values.append(try checkedUInt32(inner.readVarint())) }
        default:
            throw .malformed(offset: position, reason: "packed uint32 field with wire type \(type.rawValue)")
        }
    }

    private func checkedUInt32(_ value: UInt64) throws(VectorTileError) -> UInt32 {
        guard value <= UInt64(UInt32.max) else { throw .malformed(offset: position, reason: "uint32 value \(value) too large") }
        return UInt32(value)
    }
}
