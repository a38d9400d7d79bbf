/// The few Exif fields mly360 reports (Make, Model, Orientation, DateTimeOriginal, GPS latitude, longitude,
/// altitude and their Refs), read straight from the TIFF bytes of an Exif APP1 payload, without libexif.
///
/// libexif 0.6.24 stops reading an IFD at the first pointer or thumbnail tag (`ExifIFDPointer`,
/// `GPSInfoIFDPointer`, `JPEGInterchangeFormat`, …) whose offset lies at or past the end of the data: it logs
/// "Tag data past end of buffer" and drops that IFD's remaining entries, although they are intact (exiftool reads
/// them). ``EXIFReader`` fills what libexif lost from these fields.
///
/// Everything is bounds-checked against the payload: both byte orders, an IFD's entry count cut to what fits,
/// a value whose offset or size runs past the end skipped, unknown field types skipped, each IFD read at most
/// once (no loops). No input makes it read out of bounds or trap.
struct RawTIFFFields: Sendable, Equatable {
    /// IFD0's wanted fields, tag → field.
    var ifd0: [UInt16: EXIFField] = [:]
    /// The Exif sub-IFD's wanted fields.
    var exif: [UInt16: EXIFField] = [:]
    /// The GPS IFD's wanted fields.
    var gps: [UInt16: EXIFField] = [:]
    /// What was skipped and why, as sentences.
    var problems: [String] = []

    static let exifPointerTag: UInt16 = 0x8769
    static let gpsPointerTag: UInt16 = 0x8825
    /// The tags kept from IFD0 and from the Exif sub-IFD.
    static let imageTags: Set<UInt16> = [
        EXIFReader.makeTag, EXIFReader.modelTag, EXIFReader.orientationTag, EXIFReader.dateTimeOriginalTag,
        exifPointerTag, gpsPointerTag,
    ]
    /// The tags kept from the GPS IFD.
    static let gpsTags: Set<UInt16> = [
        EXIFGPSReader.latitudeRefTag, EXIFGPSReader.latitudeTag, EXIFGPSReader.longitudeRefTag,
        EXIFGPSReader.longitudeTag, EXIFGPSReader.altitudeRefTag, EXIFGPSReader.altitudeTag,
    ]
    /// Bytes per component of each TIFF field type (1…12).
    static let typeWidths: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8]

    /// The field `tag` of `ifd` (IFD0, Exif or GPS); nil when absent.
    func field(_ ifd: EXIFData.IFD, tag: UInt16) -> EXIFField? {
        switch ifd {
        case .zero: ifd0[tag]
        case .exif: exif[tag]
        case .gps: gps[tag]
        case .one, .interoperability: nil
        }
    }

    /// True when no field was read.
    var isEmpty: Bool { ifd0.isEmpty && exif.isEmpty && gps.isEmpty }

    /// Reads the wanted fields of IFD0, the Exif sub-IFD and the GPS IFD.
    /// - Parameter exifPayload: the APP1 payload; a leading `Exif\0\0` is skipped, otherwise it must start with
    ///   the TIFF header.
    static func read(exifPayload: [UInt8]) -> RawTIFFFields {
        var result = RawTIFFFields()
        let signature: [UInt8] = Array("Exif\0\0".utf8)
        let base = exifPayload.starts(with: signature) ? signature.count : 0
        let reader = TIFFBytes(bytes: exifPayload, base: base)
        guard reader.count >= 8 else {
            result.problems.append("raw Exif: the TIFF header is truncated")
            return result
        }
        guard let littleEndian = reader.byteOrder else {
            result.problems.append("raw Exif: unknown byte order")
            return result
        }
        var tiff = reader
        tiff.littleEndian = littleEndian
        guard tiff.u16(2) == 42, let ifd0Offset = tiff.u32(4) else {
            result.problems.append("raw Exif: not a TIFF header (no 42)")
            return result
        }
        var visited: Set<Int> = []
        result.ifd0 = readIFD(tiff, at: ifd0Offset, name: "IFD0", wanted: imageTags, visited: &visited, problems: &result.problems)
        if let offset = pointer(result.ifd0[exifPointerTag]) {
            result.exif = readIFD(tiff, at: offset, name: "Exif IFD", wanted: imageTags, visited: &visited,
                                  problems: &result.problems)
        }
        if let offset = pointer(result.ifd0[gpsPointerTag]) ?? pointer(result.exif[gpsPointerTag]) {
            result.gps = readIFD(tiff, at: offset, name: "GPS IFD", wanted: gpsTags, visited: &visited,
                                 problems: &result.problems)
        }
        return result
    }

    /// A sub-IFD offset: the first component of a LONG, SHORT or IFD (13) field.
    private static func pointer(_ field: EXIFField?) -> Int? {
        guard let field, [EXIFField.long, EXIFField.short, 13].contains(field.format) else { return nil }
        return field.integers.first
    }

    /// Reads the wanted entries of the IFD at `offset`; the first of duplicate tags is kept.
    private static func readIFD(
        _ tiff: TIFFBytes, at offset: Int, name: String, wanted: Set<UInt16>, visited: inout Set<Int>,
        problems: inout [String]
    ) -> [UInt16: EXIFField] {
        guard visited.insert(offset).inserted else {
            problems.append("raw Exif: \(name) at \(offset) was already read; skipped")
            return [:]
        }
        guard let declared = tiff.u16(offset) else {
            problems.append("raw Exif: \(name) offset \(offset) is past the end (\(tiff.count) bytes)")
            return [:]
        }
        let fitting = max(0, (tiff.count - offset - 2) / 12)
        let count = min(declared, fitting)
        if count < declared {
            problems.append("raw Exif: \(name) declares \(declared) entries but only \(fitting) fit")
        }
        var fields: [UInt16: EXIFField] = [:]
        for index in 0..<count {
            let entry = offset + 2 + 12 * index
            guard let rawTag = tiff.u16(entry), let type = tiff.u16(entry + 2), let components = tiff.u32(entry + 4)
            else { break }
            let tag = UInt16(rawTag)
            guard wanted.contains(tag), fields[tag] == nil else { continue }
            guard let width = typeWidths[type] ?? (type == 13 ? 4 : nil) else {
                problems.append("raw Exif: \(name) tag 0x\(String(tag, radix: 16)) has unknown type \(type); skipped")
                continue
            }
            let size = width * components
            let start: Int
            if size <= 4 {
                start = entry + 8
            } else {
                guard let valueOffset = tiff.u32(entry + 8), valueOffset <= tiff.count, size <= tiff.count - valueOffset
                else {
                    problems.append("raw Exif: \(name) tag 0x\(String(tag, radix: 16)) data runs past the end; skipped")
                    continue
                }
                start = valueOffset
            }
            guard let bytes = tiff.slice(start, size) else { continue }
            fields[tag] = decode(format: type, components: components, bytes: bytes, littleEndian: tiff.littleEndian)
        }
        return fields
    }

    /// The field's numbers decoded in the TIFF's byte order, as ``EXIFData`` does with libexif's.
    private static func decode(format: Int, components: Int, bytes: [UInt8], littleEndian: Bool) -> EXIFField {
        var field = EXIFField(format: format, components: components, bytes: bytes)
        let reader = TIFFBytes(bytes: bytes, base: 0, littleEndian: littleEndian)
        for index in 0..<components {
            switch format {
            case EXIFField.byte: field.integers.append(Int(bytes[index]))
            case EXIFField.sbyte: field.integers.append(Int(Int8(bitPattern: bytes[index])))
            case EXIFField.short: reader.u16(2 * index).map { field.integers.append($0) }
            case EXIFField.sshort: reader.u16(2 * index).map { field.integers.append(Int(Int16(truncatingIfNeeded: $0))) }
            case EXIFField.long, 13: reader.u32(4 * index).map { field.integers.append($0) }
            case EXIFField.slong: reader.u32(4 * index).map { field.integers.append(Int(Int32(truncatingIfNeeded: $0))) }
            case EXIFField.rational, EXIFField.srational:
                guard let numerator = reader.u32(8 * index), let denominator = reader.u32(8 * index + 4) else { break }
                if format == EXIFField.rational {
                    field.rationals.append(EXIFRational(numerator: Int64(numerator), denominator: Int64(denominator)))
                } else {
                    field.rationals.append(EXIFRational(
                        numerator: Int64(Int32(truncatingIfNeeded: numerator)),
                        denominator: Int64(Int32(truncatingIfNeeded: denominator))))
                }
            default: return field
            }
        }
        return field
    }
}
