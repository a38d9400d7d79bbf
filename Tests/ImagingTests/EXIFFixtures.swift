/// Builds Exif APP1 payloads (`Exif\0\0` + TIFF) in either byte order, with IFD0, an Exif IFD and a GPS IFD.
enum EXIFFixtures {
    /// A TIFF field value.
    enum Value {
        case byte([UInt8])
        case ascii(String)
        case short([UInt16])
        case long([UInt32])
        case rational([(UInt32, UInt32)])
        case srational([(Int32, Int32)])
        case undefined([UInt8])

        var type: UInt16 {
            switch self {
            case .byte: 1
            case .ascii: 2
            case .short: 3
            case .long: 4
            case .rational: 5
            case .undefined: 7
            case .srational: 10
            }
        }

        func count() -> UInt32 {
            switch self {
            case .byte(let v), .undefined(let v): UInt32(v.count)
            case .ascii(let s): UInt32(s.utf8.count + 1)
            case .short(let v): UInt32(v.count)
            case .long(let v): UInt32(v.count)
            case .rational(let v): UInt32(v.count)
            case .srational(let v): UInt32(v.count)
            }
        }

        func bytes(_ order: ByteOrder) -> [UInt8] {
            switch self {
            case .byte(let v), .undefined(let v): v
            case .ascii(let s): Array(s.utf8) + [0]
            case .short(let v): v.flatMap { order.bytes(UInt32($0), width: 2) }
            case .long(let v): v.flatMap { order.bytes($0, width: 4) }
            case .rational(let v): v.flatMap { order.bytes($0.0, width: 4) + order.bytes($0.1, width: 4) }
            case .srational(let v):
                v.flatMap {
                    order.bytes(UInt32(bitPattern: $0.0), width: 4) + order.bytes(UInt32(bitPattern: $0.1), width: 4)
                }
            }
        }
    }

    /// TIFF byte order.
    enum ByteOrder: CaseIterable, CustomStringConvertible {
        case bigEndian, littleEndian

        func bytes(_ value: UInt32, width: Int) -> [UInt8] {
            let big = (0..<width).map { UInt8((value >> (8 * UInt32(width - 1 - $0))) & 0xFF) }
            return self == .bigEndian ? big : big.reversed()
        }

        var marker: [UInt8] { self == .bigEndian ? [0x4D, 0x4D] : [0x49, 0x49] }
        var description: String { self == .bigEndian ? "MM" : "II" }
    }

    /// One tag and its value.
    struct Field {
        var tag: UInt16
        var value: Value
        init(_ tag: UInt16, _ value: Value) {
            self.tag = tag
            self.value = value
        }
    }

    // Tags used by the tests.
    static let make: UInt16 = 0x010F, model: UInt16 = 0x0110, orientation: UInt16 = 0x0112
    static let dateTimeOriginal: UInt16 = 0x9003, makerNote: UInt16 = 0x927C
    static let latitudeRef: UInt16 = 1, latitude: UInt16 = 2, longitudeRef: UInt16 = 3, longitude: UInt16 = 4
    static let altitudeRef: UInt16 = 5, altitude: UInt16 = 6

    /// `Exif\0\0` + a TIFF with the given IFDs (the Exif and GPS IFD pointers are added to IFD0 when needed).
    static func payload(
        _ order: ByteOrder = .bigEndian, ifd0: [Field], exif: [Field] = [], gps: [Field] = []
    ) -> [UInt8] {
        var zero = ifd0
        if !exif.isEmpty { zero.append(Field(0x8769, .long([0]))) }
        if !gps.isEmpty { zero.append(Field(0x8825, .long([0]))) }
        let zeroOffset = 8
        let exifOffset = zeroOffset + size(of: zero)
        let gpsOffset = exifOffset + (exif.isEmpty ? 0 : size(of: exif))
        zero = zero.map { field in
            switch field.tag {
            case 0x8769: Field(0x8769, .long([UInt32(exifOffset)]))
            case 0x8825: Field(0x8825, .long([UInt32(gpsOffset)]))
            default: field
            }
        }
        var tiff = order.marker + order.bytes(42, width: 2) + order.bytes(UInt32(zeroOffset), width: 4)
        tiff += ifd(zero, at: zeroOffset, order)
        if !exif.isEmpty { tiff += ifd(exif, at: exifOffset, order) }
        if !gps.isEmpty { tiff += ifd(gps, at: gpsOffset, order) }
        return Array("Exif\0\0".utf8) + tiff
    }

    /// A GPS IFD for degrees/minutes/seconds given as rationals.
    static func gps(
        latitude: [(UInt32, UInt32)], latitudeRef: String, longitude: [(UInt32, UInt32)], longitudeRef: String
    ) -> [Field] {
        [
            Field(Self.latitudeRef, .ascii(latitudeRef)), Field(Self.latitude, .rational(latitude)),
            Field(Self.longitudeRef, .ascii(longitudeRef)), Field(Self.longitude, .rational(longitude)),
        ]
    }

    private static func size(of fields: [Field]) -> Int {
        2 + 12 * fields.count + 4 + fields.reduce(0) { total, field in
            let bytes = field.value.bytes(.bigEndian).count
            return total + (bytes > 4 ? bytes + bytes % 2 : 0)
        }
    }

    private static func ifd(_ fields: [Field], at offset: Int, _ order: ByteOrder) -> [UInt8] {
        var entries = order.bytes(UInt32(fields.count), width: 2)
        var data: [UInt8] = []
        let dataStart = offset + 2 + 12 * fields.count + 4
        for field in fields.sorted(by: { $0.tag < $1.tag }) {
            let bytes = field.value.bytes(order)
            entries += order.bytes(UInt32(field.tag), width: 2) + order.bytes(UInt32(field.value.type), width: 2)
            entries += order.bytes(field.value.count(), width: 4)
            if bytes.count <= 4 {
                entries += bytes + [UInt8](repeating: 0, count: 4 - bytes.count)
            } else {
                entries += order.bytes(UInt32(dataStart + data.count), width: 4)
                data += bytes + (bytes.count % 2 == 1 ? [0] : [])
            }
        }
        return entries + [0, 0, 0, 0] + data
    }
}
