/// Bounds-checked reads of TIFF integers from a byte array, at offsets relative to the TIFF header.
///
/// Every read returns nil instead of reading outside `bytes`, whatever the offset.
struct TIFFBytes: Sendable {
    /// The whole buffer.
    let bytes: [UInt8]
    /// Where the TIFF header starts in `bytes`.
    let base: Int
    /// Intel (`II`) byte order when true, Motorola (`MM`) when false.
    var littleEndian = false

    /// The number of bytes from the TIFF header to the end.
    var count: Int { max(0, bytes.count - base) }

    /// `II` → true, `MM` → false; nil for anything else or fewer than 2 bytes.
    var byteOrder: Bool? {
        guard let first = slice(0, 2) else { return nil }
        switch (first[0], first[1]) {
        case (0x49, 0x49): return true
        case (0x4D, 0x4D): return false
        default: return nil
        }
    }

    /// `size` bytes at `offset`; nil when any of them is outside the buffer.
    func slice(_ offset: Int, _ size: Int) -> [UInt8]? {
        guard offset >= 0, size >= 0, offset <= count, size <= count - offset else { return nil }
        return Array(bytes[(base + offset)..<(base + offset + size)])
    }

    /// The unsigned 16-bit integer at `offset`.
    func u16(_ offset: Int) -> Int? {
        guard offset >= 0, offset <= count - 2 else { return nil }
        let a = Int(bytes[base + offset]), b = Int(bytes[base + offset + 1])
        return littleEndian ? b << 8 | a : a << 8 | b
    }

    /// The unsigned 32-bit integer at `offset`.
    func u32(_ offset: Int) -> Int? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        var value = 0
        for index in 0..<4 {
            let byte = Int(bytes[base + offset + (littleEndian ? 3 - index : index)])
            value = value << 8 | byte
        }
        return value
    }
}
