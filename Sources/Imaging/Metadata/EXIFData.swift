#if canImport(Glibc)
import Glibc
#endif
internal import CExif

/// Owns one libexif `ExifData` loaded from an Exif APP1 payload; `exif_data_unref` in `deinit`.
///
/// Loading uses `exif_data_new()` with `EXIF_DATA_OPTION_FOLLOW_SPECIFICATION` unset (it would invent mandatory
/// tags) and `EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS` unset (it would drop tags stored in an unexpected IFD, such
/// as `DateTimeOriginal` in IFD0). An `ExifLog` collects libexif's "corrupt data" messages. MakerNotes are never
/// formatted (`exif_data_get_mnote_data` is never called). Not `Sendable`: one instance per task.
final class EXIFData {
    /// The five IFDs libexif reads, in order: `0`, `1`, `EXIF`, `GPS`, `Interoperability`.
    enum IFD: Int, CaseIterable {
        case zero = 0, one, exif, gps, interoperability
    }

    /// The MakerNote tag, listed but never formatted.
    static let makerNoteTag: UInt16 = 0x927C

    private let data: UnsafeMutablePointer<ExifData>
    /// The log callback's context. Kept for the life of `data`: libexif's MakerNote object keeps its own reference
    /// to the log, so the context must outlive every libexif object that could still call back.
    private let collector = EXIFLogCollector()
    /// libexif's log lines from loading, as warnings.
    var logWarnings: [String] { collector.warnings }

    /// Loads `payload`; nil when libexif cannot allocate.
    init?(payload: [UInt8]) {
        guard let data = exif_data_new() else { return nil }
        self.data = data
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        if let log = exif_log_new() {
            exif_log_set_func(log, { _, code, domain, format, arguments, context in
                guard let context, let format, let arguments,
                    code == EXIF_LOG_CODE_CORRUPT_DATA || code == EXIF_LOG_CODE_NO_MEMORY
                else { return }
                var buffer = [CChar](repeating: 0, count: 512)
                _ = vsnprintf(&buffer, buffer.count, format, arguments)
                let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let collector = Unmanaged<EXIFLogCollector>.fromOpaque(context).takeUnretainedValue()
                collector.record(domain: domain.map { String(cString: $0) } ?? "?", message: message)
            }, Unmanaged.passUnretained(collector).toOpaque())
            exif_data_log(data, log)
            exif_log_unref(log)
        }
        let size = UInt32(min(payload.count, Int(UInt32.max)))
        payload.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress, size > 0 {
                exif_data_load_data(data, base, size)
            }
        }
        // Later calls (formatting values) must not log into the collected warnings.
        exif_data_log(data, nil)
    }

    deinit {
        exif_data_unref(data)
    }

    /// The entries of one IFD, in stored order (nil content → empty).
    private func rawEntries(_ ifd: IFD) -> [UnsafeMutablePointer<ExifEntry>] {
        let contents = data.pointee.ifd
        let content: UnsafeMutablePointer<ExifContent>? =
            switch ifd {
            case .zero: contents.0
            case .one: contents.1
            case .exif: contents.2
            case .gps: contents.3
            case .interoperability: contents.4
            }
        guard let content, let entries = content.pointee.entries else { return [] }
        return (0..<Int(content.pointee.count)).compactMap { entries[$0] }
    }

    /// The number of entries in all IFDs.
    var entryCount: Int {
        IFD.allCases.reduce(0) { $0 + rawEntries($1).count }
    }

    /// The raw value of `tag` in `ifd`; nil when absent.
    func field(_ ifd: IFD, tag: UInt16) -> EXIFField? {
        guard let entry = rawEntries(ifd).first(where: { UInt16(truncatingIfNeeded: $0.pointee.tag.rawValue) == tag })
        else { return nil }
        return field(of: entry)
    }

    /// Every entry of every IFD as libexif displays it; the MakerNote as a size only.
    func displayEntries() -> [EXIFMetadata.Entry] {
        var result: [EXIFMetadata.Entry] = []
        for ifd in IFD.allCases {
            let cIFD = ExifIfd(rawValue: UInt32(ifd.rawValue))
            let ifdName = exif_ifd_get_name(cIFD).map { String(cString: $0) } ?? "\(ifd.rawValue)"
            for entry in rawEntries(ifd) {
                let tag = UInt16(truncatingIfNeeded: entry.pointee.tag.rawValue)
                let name = tagName(entry.pointee.tag, preferring: cIFD)
                let value: String
                if tag == Self.makerNoteTag {
                    value = "(MakerNote, \(entry.pointee.size) bytes, not decoded)"
                } else {
                    var buffer = [CChar](repeating: 0, count: 1024)
                    _ = exif_entry_get_value(entry, &buffer, UInt32(buffer.count))
                    value = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
                result.append(EXIFMetadata.Entry(ifd: ifdName, tag: tag, name: name, value: value))
            }
        }
        return result
    }

    private func tagName(_ tag: ExifTag, preferring ifd: ExifIfd) -> String {
        let candidates = [ifd] + (0..<5).map { ExifIfd(rawValue: UInt32($0)) }
        for candidate in candidates {
            if let name = exif_tag_get_name_in_ifd(tag, candidate) {
                return String(cString: name)
            }
        }
        let hex = String(tag.rawValue, radix: 16, uppercase: true)
        return "Tag 0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func field(of entry: UnsafeMutablePointer<ExifEntry>) -> EXIFField {
        let format = Int(entry.pointee.format.rawValue)
        let components = Int(clamping: entry.pointee.components)
        let size = Int(entry.pointee.size)
        guard let pointer = entry.pointee.data, size > 0 else {
            return EXIFField(format: format, components: components, bytes: [])
        }
        let bytes = Array(UnsafeBufferPointer(start: pointer, count: size))
        var field = EXIFField(format: format, components: components, bytes: bytes)
        let order = exif_data_get_byte_order(data)
        let width: Int? =
            switch format {
            case EXIFField.byte, EXIFField.sbyte: 1
            case EXIFField.short, EXIFField.sshort: 2
            case EXIFField.long, EXIFField.slong: 4
            case EXIFField.rational, EXIFField.srational: 8
            default: nil
            }
        guard let width, components > 0, components <= size / width else { return field }
        for index in 0..<components {
            let element = pointer + index * width
            switch format {
            case EXIFField.byte: field.integers.append(Int(element.pointee))
            case EXIFField.sbyte: field.integers.append(Int(Int8(bitPattern: element.pointee)))
            case EXIFField.short: field.integers.append(Int(exif_get_short(element, order)))
            case EXIFField.sshort: field.integers.append(Int(exif_get_sshort(element, order)))
            case EXIFField.long: field.integers.append(Int(exif_get_long(element, order)))
            case EXIFField.slong: field.integers.append(Int(exif_get_slong(element, order)))
            case EXIFField.rational:
                let value = exif_get_rational(element, order)
                field.rationals.append(EXIFRational(numerator: Int64(value.numerator), denominator: Int64(value.denominator)))
            default:
                let value = exif_get_srational(element, order)
                field.rationals.append(EXIFRational(numerator: Int64(value.numerator), denominator: Int64(value.denominator)))
            }
        }
        return field
    }
}
