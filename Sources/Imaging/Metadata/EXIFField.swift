/// One Exif entry's raw value, copied out of libexif so that no C pointer outlives its `ExifData`.
///
/// Numbers were decoded with libexif's `exif_get_*` in the data's byte order, and only after checking the
/// format, the component count and the size; a field whose size cannot hold its components has none.
struct EXIFField: Sendable, Equatable {
    /// The TIFF field type (libexif `ExifFormat`): 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 6 SBYTE,
    /// 7 UNDEFINED, 8 SSHORT, 9 SLONG, 10 SRATIONAL, 11 FLOAT, 12 DOUBLE.
    var format: Int
    /// The number of components the entry declares.
    var components: Int
    /// The raw value bytes.
    var bytes: [UInt8]
    /// The integer components (BYTE, SHORT, LONG and their signed forms); empty for other formats.
    var integers: [Int] = []
    /// The rational components (RATIONAL, SRATIONAL); empty for other formats.
    var rationals: [EXIFRational] = []

    static let byte = 1, ascii = 2, short = 3, long = 4, rational = 5, sbyte = 6, undefined = 7
    static let sshort = 8, slong = 9, srational = 10

    /// The TIFF name of the format, as exiftool and the Exif spec spell it.
    var formatName: String {
        switch format {
        case Self.byte: "BYTE"
        case Self.ascii: "ASCII"
        case Self.short: "SHORT"
        case Self.long: "LONG"
        case Self.rational: "RATIONAL"
        case Self.sbyte: "SBYTE"
        case Self.undefined: "UNDEFINED"
        case Self.sshort: "SSHORT"
        case Self.slong: "SLONG"
        case Self.srational: "SRATIONAL"
        case 11: "FLOAT"
        case 12: "DOUBLE"
        default: "format \(format)"
        }
    }

    /// The value as text (ASCII, UNDEFINED or BYTE), cut at the first NUL and trimmed; nil when empty.
    var text: String? {
        guard [Self.ascii, Self.undefined, Self.byte].contains(format) else { return nil }
        let value = GPanoParser.trimmed(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
        return value.isEmpty ? nil : value
    }
}

/// An Exif RATIONAL or SRATIONAL.
struct EXIFRational: Sendable, Equatable {
    /// The numerator.
    var numerator: Int64
    /// The denominator; 0 makes the value invalid.
    var denominator: Int64

    /// The quotient; nil when the denominator is 0.
    var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
