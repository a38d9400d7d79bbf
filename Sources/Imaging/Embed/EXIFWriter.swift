#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import CExif

/// Builds an Exif APP1 payload with libexif (`exif_data_save_data`): a new one, or the file's own with the
/// missing tags added. The file's own values are never replaced, and MakerNotes are left as they are
/// (`EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE`; `FOLLOW_SPECIFICATION` off, so libexif invents no tags).
///
/// Written (each group only when the file lacks it): GPSVersionID, GPSLatitude/Longitude (+Ref), GPSAltitude
/// (+Ref), GPSImgDirection (+Ref `T`), GPSDateStamp/GPSTimeStamp, DateTimeOriginal + SubSecTimeOriginal +
/// OffsetTimeOriginal (`+00:00`), Make, Model, ImageUniqueID. Never an Orientation tag.
/// Not `Sendable`: owns one `ExifData`.
final class EXIFWriter {
    private let data: UnsafeMutablePointer<ExifData>
    /// Names of the tags added so far.
    private(set) var added: [String] = []

    /// Loads the file's Exif payload (starting with `Exif\0\0`), or starts an empty, little-endian one.
    init?(existing payload: [UInt8]?) {
        guard let data = exif_data_new() else { return nil }
        self.data = data
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_set_option(data, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE)
        if let payload, !payload.isEmpty {
            payload.withUnsafeBufferPointer { buffer in
                if let base = buffer.baseAddress { exif_data_load_data(data, base, UInt32(min(buffer.count, 65533))) }
            }
        } else {
            exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL)
        }
    }

    deinit { exif_data_unref(data) }

    private func content(_ ifd: ExifIfd) -> UnsafeMutablePointer<ExifContent>? {
        switch ifd {
        case EXIF_IFD_0: data.pointee.ifd.0
        case EXIF_IFD_EXIF: data.pointee.ifd.2
        case EXIF_IFD_GPS: data.pointee.ifd.3
        default: nil
        }
    }

    /// Whether the IFD already holds `tag`.
    func has(_ ifd: ExifIfd, _ tag: UInt16) -> Bool {
        guard let content = content(ifd) else { return false }
        return exif_content_get_entry(content, ExifTag(rawValue: UInt32(tag))) != nil
    }

    private var order: ExifByteOrder { exif_data_get_byte_order(data) }

    /// Adds one entry with raw value bytes (already in the data's byte order).
    private func add(_ ifd: ExifIfd, _ tag: UInt16, _ name: String, format: ExifFormat, components: Int, bytes: [UInt8]) {
        guard let content = content(ifd), !has(ifd, tag), let entry = exif_entry_new() else { return }
        guard let storage = malloc(max(bytes.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
            exif_entry_unref(entry)
            return
        }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.update(from: base, count: bytes.count) }
        }
        entry.pointee.tag = ExifTag(rawValue: UInt32(tag))
        entry.pointee.format = format
        entry.pointee.components = UInt(components)
        entry.pointee.size = UInt32(bytes.count)
        entry.pointee.data = storage  // freed by libexif with its default allocator (free)
        exif_content_add_entry(content, entry)
        exif_entry_unref(entry)
        added.append(name)
    }

    /// An ASCII entry (NUL-terminated).
    func ascii(_ ifd: ExifIfd, _ tag: UInt16, _ name: String, _ text: String) {
        let bytes = Array(text.utf8.filter { $0 != 0 }) + [0]
        add(ifd, tag, name, format: EXIF_FORMAT_ASCII, components: bytes.count, bytes: bytes)
    }

    /// A RATIONAL entry of one or more values, each as numerator / denominator.
    func rationals(_ ifd: ExifIfd, _ tag: UInt16, _ name: String, _ values: [(UInt32, UInt32)]) {
        var bytes = [UInt8](repeating: 0, count: 8 * values.count)
        bytes.withUnsafeMutableBufferPointer { buffer in
            for (index, value) in values.enumerated() {
                exif_set_rational(buffer.baseAddress! + 8 * index, order, ExifRational(numerator: value.0, denominator: value.1))
            }
        }
        add(ifd, tag, name, format: EXIF_FORMAT_RATIONAL, components: values.count, bytes: bytes)
    }

    /// A BYTE entry.
    func bytes(_ ifd: ExifIfd, _ tag: UInt16, _ name: String, _ values: [UInt8]) {
        add(ifd, tag, name, format: EXIF_FORMAT_BYTE, components: values.count, bytes: values)
    }

    /// The payload (`Exif\0\0` + TIFF), or nil when libexif could not write it.
    func save() -> [UInt8]? {
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt32 = 0
        exif_data_save_data(data, &buffer, &size)
        guard let buffer, size > 0 else { return nil }
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    // MARK: - The tags of one image

    static let gpsLatitudeRef: UInt16 = 0x0001, gpsLatitude: UInt16 = 0x0002, gpsLongitudeRef: UInt16 = 0x0003
    static let gpsLongitude: UInt16 = 0x0004, gpsAltitudeRef: UInt16 = 0x0005, gpsAltitude: UInt16 = 0x0006
    static let gpsTimeStamp: UInt16 = 0x0007, gpsImgDirectionRef: UInt16 = 0x0010, gpsImgDirection: UInt16 = 0x0011
    static let gpsDateStamp: UInt16 = 0x001D, gpsVersionID: UInt16 = 0x0000
    static let make: UInt16 = 0x010F, model: UInt16 = 0x0110, dateTimeOriginal: UInt16 = 0x9003
    static let subSecTimeOriginal: UInt16 = 0x9291, offsetTimeOriginal: UInt16 = 0x9011, imageUniqueID: UInt16 = 0xA420

    /// Adds every tag `metadata` has a value for and the file lacks.
    func add(_ metadata: EmbedMetadata) {
        var gps = false
        if let latitude = metadata.latitude, let longitude = metadata.longitude, !has(EXIF_IFD_GPS, Self.gpsLatitude),
           !has(EXIF_IFD_GPS, Self.gpsLongitude), (-90...90).contains(latitude), (-180...180).contains(longitude) {
            ascii(EXIF_IFD_GPS, Self.gpsLatitudeRef, "GPSLatitudeRef", latitude < 0 ? "S" : "N")
            rationals(EXIF_IFD_GPS, Self.gpsLatitude, "GPSLatitude", Self.degreesMinutesSeconds(abs(latitude)))
            ascii(EXIF_IFD_GPS, Self.gpsLongitudeRef, "GPSLongitudeRef", longitude < 0 ? "W" : "E")
            rationals(EXIF_IFD_GPS, Self.gpsLongitude, "GPSLongitude", Self.degreesMinutesSeconds(abs(longitude)))
            gps = true
        }
        if let altitude = metadata.altitude, altitude.isFinite, abs(altitude) < 100_000, !has(EXIF_IFD_GPS, Self.gpsAltitude) {
            bytes(EXIF_IFD_GPS, Self.gpsAltitudeRef, "GPSAltitudeRef", [altitude < 0 ? 1 : 0])
            rationals(EXIF_IFD_GPS, Self.gpsAltitude, "GPSAltitude", [(UInt32((abs(altitude) * 1000).rounded()), 1000)])
            gps = true
        }
        if let heading = metadata.heading, heading.isFinite, !has(EXIF_IFD_GPS, Self.gpsImgDirection) {
            var degrees = heading.truncatingRemainder(dividingBy: 360)
            if degrees < 0 { degrees += 360 }
            ascii(EXIF_IFD_GPS, Self.gpsImgDirectionRef, "GPSImgDirectionRef", "T")
            rationals(EXIF_IFD_GPS, Self.gpsImgDirection, "GPSImgDirection", [(UInt32((degrees * 100).rounded()) % 36000, 100)])
            gps = true
        }
        if let milliseconds = metadata.capturedAt, milliseconds > 0 {
            let time = Self.utc(milliseconds)
            if !has(EXIF_IFD_GPS, Self.gpsDateStamp), !has(EXIF_IFD_GPS, Self.gpsTimeStamp) {
                ascii(EXIF_IFD_GPS, Self.gpsDateStamp, "GPSDateStamp", String(format: "%04d:%02d:%02d", time.year, time.month, time.day))
                rationals(EXIF_IFD_GPS, Self.gpsTimeStamp, "GPSTimeStamp",
                          [(UInt32(time.hour), 1), (UInt32(time.minute), 1), (UInt32(time.second * 1000 + time.millisecond), 1000)])
                gps = true
            }
            if !has(EXIF_IFD_EXIF, Self.dateTimeOriginal) && !has(EXIF_IFD_0, Self.dateTimeOriginal) {
                ascii(EXIF_IFD_EXIF, Self.dateTimeOriginal, "DateTimeOriginal", String(
                    format: "%04d:%02d:%02d %02d:%02d:%02d", time.year, time.month, time.day, time.hour, time.minute, time.second))
                ascii(EXIF_IFD_EXIF, Self.subSecTimeOriginal, "SubSecTimeOriginal", String(format: "%03d", time.millisecond))
                ascii(EXIF_IFD_EXIF, Self.offsetTimeOriginal, "OffsetTimeOriginal", "+00:00")
            }
        }
        if gps, !has(EXIF_IFD_GPS, Self.gpsVersionID) { bytes(EXIF_IFD_GPS, Self.gpsVersionID, "GPSVersionID", [2, 3, 0, 0]) }
        if let make = metadata.make?.trimmingCharacters(in: .whitespaces), !make.isEmpty { ascii(EXIF_IFD_0, Self.make, "Make", make) }
        if let model = metadata.model?.trimmingCharacters(in: .whitespaces), !model.isEmpty { ascii(EXIF_IFD_0, Self.model, "Model", model) }
        if let id = metadata.imageID, !id.isEmpty { ascii(EXIF_IFD_EXIF, Self.imageUniqueID, "ImageUniqueID", id) }
    }

    /// Degrees, minutes and seconds (to 1/10 000 s, about 3 mm) of a non-negative angle.
    static func degreesMinutesSeconds(_ value: Double) -> [(UInt32, UInt32)] {
        var degrees = UInt32(value.rounded(.down))
        let minutesValue = (value - Double(degrees)) * 60
        var minutes = UInt32(minutesValue.rounded(.down))
        var tenThousandths = UInt32(((minutesValue - Double(minutes)) * 60 * 10_000).rounded())
        if tenThousandths >= 600_000 { tenThousandths -= 600_000; minutes += 1 }
        if minutes >= 60 { minutes -= 60; degrees += 1 }
        return [(degrees, 1), (minutes, 1), (tenThousandths, 10_000)]
    }

    /// The UTC calendar fields of an epoch time in milliseconds.
    static func utc(_ milliseconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let seconds = milliseconds / 1000
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0,
                Int(milliseconds - seconds * 1000))
    }
}
