/// Reads Exif metadata from an Exif APP1 payload with libexif 0.6.24.
///
/// - Make and Model come from IFD0, trimmed (empty → nil).
/// - DateTimeOriginal comes from the Exif sub-IFD, else from IFD0 (some writers put it there).
/// - Orientation is kept only when it is 1…8.
/// - GPS latitude, longitude and altitude are computed from the raw rationals and range-checked
///   (see ``EXIFGPSReader``): an invalid position is dropped whole, with a warning, never emitted.
/// - ``EXIFMetadata/entries`` lists every tag of IFD 0, 1, EXIF, GPS and Interoperability as libexif displays
///   it; the MakerNote is listed as `(MakerNote, N bytes, not decoded)` and never formatted.
/// - libexif's "corrupt data" log lines become warnings.
/// - Any of these fields libexif dropped (see ``RawTIFFFields``) is read from the raw TIFF bytes instead, with a
///   warning naming them; the same checks apply.
public enum EXIFReader {
    static let makeTag: UInt16 = 0x010F
    static let modelTag: UInt16 = 0x0110
    static let orientationTag: UInt16 = 0x0112
    static let dateTimeOriginalTag: UInt16 = 0x9003

    /// Reads the Exif APP1 payload.
    ///
    /// - Parameter exifPayload: the APP1 payload starting with `Exif\0\0` (at most 65,533 bytes in a JPEG).
    /// - Returns: the metadata, or nil when the payload holds no Exif entries (no Exif is normal, not an error).
    public static func read(exifPayload: [UInt8]) -> EXIFMetadata? {
        guard !exifPayload.isEmpty, let data = EXIFData(payload: exifPayload) else { return nil }
        let raw = RawTIFFFields.read(exifPayload: exifPayload)
        guard data.entryCount > 0 || !raw.isEmpty else { return nil }
        var recovered: [String] = []
        /// libexif's field, else the raw one (noting its name).
        func field(_ ifd: EXIFData.IFD, _ tag: UInt16, _ name: String) -> EXIFField? {
            if let field = data.field(ifd, tag: tag) { return field }
            guard let field = raw.field(ifd, tag: tag) else { return nil }
            recovered.append(name)
            return field
        }
        var metadata = EXIFMetadata(warnings: data.logWarnings)
        metadata.make = field(.zero, makeTag, "Make")?.text
        metadata.model = field(.zero, modelTag, "Model")?.text
        metadata.dateTimeOriginal =
            field(.exif, dateTimeOriginalTag, "DateTimeOriginal")?.text
            ?? field(.zero, dateTimeOriginalTag, "DateTimeOriginal")?.text
        if let orientation = field(.zero, orientationTag, "Orientation") {
            if let value = orientation.integers.first, (1...8).contains(value) {
                metadata.orientation = value
            } else {
                let problem = orientation.integers.first.map { "\($0) is not 1…8" }
                    ?? "has format \(orientation.formatName) (expected SHORT)"
                metadata.warnings.append("Orientation \(problem); ignored")
            }
        }
        let gpsTags: [(UInt16, String)] = [
            (EXIFGPSReader.latitudeRefTag, "GPSLatitudeRef"), (EXIFGPSReader.latitudeTag, "GPSLatitude"),
            (EXIFGPSReader.longitudeRefTag, "GPSLongitudeRef"), (EXIFGPSReader.longitudeTag, "GPSLongitude"),
            (EXIFGPSReader.altitudeRefTag, "GPSAltitudeRef"), (EXIFGPSReader.altitudeTag, "GPSAltitude"),
        ]
        var gpsFields: [UInt16: EXIFField] = [:]
        for (tag, name) in gpsTags {
            gpsFields[tag] = field(.gps, tag, name)
        }
        if !recovered.isEmpty {
            var seen: Set<String> = []
            let names = recovered.filter { seen.insert($0).inserted }
            metadata.warnings.append(
                "libexif dropped \(names.joined(separator: ", ")); read from the raw Exif bytes instead")
        }
        let position = EXIFGPSReader.read(gpsFields)
        metadata.latitude = position.latitude
        metadata.longitude = position.longitude
        metadata.altitude = position.altitude
        metadata.warnings.append(contentsOf: position.warnings)
        metadata.entries = data.displayEntries()
        return metadata
    }
}
