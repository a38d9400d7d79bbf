#if canImport(Glibc)
import Glibc
#endif
import Imaging

/// The quality-assurance columns of the catalogue (what `mly360 check` learns of each file), in CSV order.
///
/// `file_size` and `sha256` are file facts (kept with the record's file); the others come from the image's
/// ``Imaging/ImageReport`` and are stored with the record as a column → value map.
public enum QAColumns {
    /// Column names, exactly as documented in the README.
    public static let names: [String] = [
        "file_size", "sha256", "served_sha256", "embedded", "jpeg_status", "jpeg_message", "pixel_width", "pixel_height",
        "exif_make", "exif_model", "exif_datetime_original", "exif_gps_latitude", "exif_gps_longitude",
        "exif_gps_altitude", "gps_source", "gpano_projection_type", "gpano_full_width", "gpano_full_height",
        "gpano_cropped_width", "gpano_cropped_height", "gpano_cropped_left", "gpano_cropped_top",
        "gpano_pose_heading", "equirectangular", "equirectangular_reason", "projection_pixels", "projection_pixels_reason",
        "blur_score", "blurry", "exposure", "brightness", "clipped_fraction", "entropy", "black_fraction",
        "phash", "yaw_hash", "duplicate_group", "duplicate_of", "stationary", "camera_tilt_deg", "split",
        "warnings", "thumbnail",
    ]

    /// The column values for one report, aligned with ``names``.
    /// - Parameter thumbnail: the thumbnail path as it should appear in the CSV (relative to the CSV's folder).
    public static func values(for report: ImageReport, fileSize: Int64?, sha256: String?, thumbnail: String?) -> [String] {
        let exif = report.exif
        let gpano = report.gpano
        return [
            fileSize.map(String.init) ?? "", sha256 ?? "", "", "", report.status.rawValue, report.message ?? "",
            text(report.pixelWidth), text(report.pixelHeight),
            exif?.make ?? "", exif?.model ?? "", exif?.dateTimeOriginal ?? "",
            number(exif?.latitude), number(exif?.longitude), number(exif?.altitude),
            report.gpsSource?.rawValue ?? "",
            gpano?.projectionType ?? "", text(gpano?.fullWidth), text(gpano?.fullHeight),
            text(gpano?.croppedWidth), text(gpano?.croppedHeight), text(gpano?.croppedLeft), text(gpano?.croppedTop),
            number(gpano?.poseHeading), report.verdict.rawValue, report.verdictReason,
            report.pixels?.projection.rawValue ?? "", report.pixels?.projectionReason ?? "",
            significant(report.pixels?.blurScore), report.pixels.map { $0.blurry ? "true" : "false" } ?? "",
            report.pixels?.exposure.rawValue ?? "", significant(report.pixels?.brightness),
            significant(report.pixels?.clippedFraction), significant(report.pixels?.entropy),
            significant(report.pixels?.blackFraction), report.pixels?.phashHex ?? "", report.pixels?.yawHashHex ?? "",
            "", "", "", "", "",
            report.warnings.map { $0.replacingSemicolons() }.joined(separator: "; "), thumbnail ?? "",
        ]
    }

    /// The report's values by column name (the form kept in the catalogue), without the file facts.
    static func map(for report: ImageReport, thumbnail: String?) -> [String: String] {
        var map: [String: String] = [:]
        for (name, value) in zip(names, values(for: report, fileSize: nil, sha256: nil, thumbnail: thumbnail))
        where !value.isEmpty && name != "file_size" && name != "sha256" {
            map[name] = value
        }
        return map
    }

    /// The values of a row whose file is gone: `jpeg_status=missing`, everything else empty.
    public static func missingValues() -> [String] {
        names.map { $0 == "jpeg_status" ? JPEGStatus.missing.rawValue : ($0 == "equirectangular" ? EquirectangularVerdict.unknown.rawValue : "") }
    }

    private static func text(_ value: Int?) -> String { value.map(String.init) ?? "" }

    /// A measurement with 4 significant digits, no exponent (`0.01234`, `1.138`, `7.213`, `0`).
    static func significant(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        guard value != 0 else { return "0" }
        let digits = max(0, 3 - Int(floor(log10(abs(value)))))
        return number((value * pow(10, Double(digits))).rounded() / pow(10, Double(digits)))
    }

    /// Decimal text with up to 8 fractional digits and no exponent, so spreadsheets and scripts read it alike.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = buffer.withUnsafeMutableBufferPointer { ptr in
            withVaList([value]) { vsnprintf(ptr.baseAddress, ptr.count, "%.8f", $0) }
        }
        var text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

extension String {
    /// Warnings are joined with semicolons in one CSV cell, so a warning's own semicolons become commas.
    fileprivate func replacingSemicolons() -> String {
        String(map { $0 == ";" ? "," : $0 })
    }
}
