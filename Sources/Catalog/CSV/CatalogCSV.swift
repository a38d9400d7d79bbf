import Fetch
import Foundation

/// The CSV view of a catalogue (`mapillary_images_metadata.csv`), rendered from the records every time
/// and replaced atomically (temporary file, fsync, rename).
///
/// Columns, in this order:
/// 1. ``leadingColumns`` (`id, filename, latitude, longitude, sequence, captured_at, camera_type, make,
///    model, width, height, resolution, download_url, download_status, download_error`);
/// 2. every other API field, flattened with dotted names (`creator.username`, `computed_geometry.coordinates`;
///    arrays as compact JSON; numbers exactly as sent), the union over all images, sorted alphabetically;
/// 3. `raw_json`, the API object exactly as received;
/// 4. the QA columns (``QAColumns/names``);
/// 5. the foreign columns of a CSV the folder had before (imported once), in their order.
///
/// One row per record. Values of an imported row are written back unchanged wherever the record has no
/// value of its own for that column. `filename` and `thumbnail` are relative to the CSV's folder.
public enum CatalogCSV {
    /// The file name inside a dataset folder (the name the old script used).
    public static let fileName = "mapillary_images_metadata.csv"

    /// The leading columns, exactly in this order.
    public static var leadingColumns: [String] { APIColumns.leading }

    /// How the CSV writes a capture time: ISO 8601 UTC with milliseconds, e.g. `2021-08-28T10:20:36.000Z`.
    /// - Parameter milliseconds: Epoch milliseconds.
    public static func isoTimestamp(_ milliseconds: Int64) -> String {
        APIColumns.isoTimestamp(milliseconds)
    }

    /// The CSV path of a dataset folder.
    public static func path(in folder: String) -> String {
        PathMath.join(folder, fileName)
    }

    /// What ``render(_:to:root:)`` wrote.
    public struct Result: Sendable, Equatable {
        /// The CSV path.
        public var path: String
        /// The header, in order.
        public var columns: [String]
        /// Data rows written.
        public var rows: Int
    }

    /// Renders every record of `catalog` into the CSV at `csvPath`, atomically, and remembers the file's
    /// SHA-256 so it is never imported back as foreign.
    /// - Parameters:
    ///   - catalog: The catalogue.
    ///   - csvPath: Where the CSV goes.
    ///   - root: The dataset folder that record file names are relative to.
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or the file cannot be written (the
    ///   previous CSV is then untouched).
    @discardableResult
    public static func render(_ catalog: Catalog, to csvPath: String, root: String) throws(CatalogError) -> Result {
        let csv = PathMath.absolute(csvPath)
        let table = try CatalogTable(catalog)
        let writer = try CSVWriter(path: csv)
        try writer.write(table.columns)
        var count = 0
        try table.forEachRow(catalog, root: root, relativeTo: PathMath.parent(of: csv)) { _, values throws(CatalogError) in
            try writer.write(values)
            count += 1
        }
        let digest = try writer.commit()
        try catalog.setMetaValue(digest, for: Catalog.renderedKey(csv))
        return Result(path: csv, columns: table.columns, rows: count)
    }

    /// The QA columns of one record: the file facts, then the latest check's values.
    static func qaValues(_ record: CatalogRecord, image: MapillaryImage?, base: String, csvFolder: String) -> [String] {
        let qa = record.qa ?? [:]
        return QAColumns.names.map { name in
            switch name {
            case "file_size": return record.fileSize.map(String.init) ?? ""
            case "sha256": return record.sha256 ?? ""
            // The bytes as the CDN served them: the file's own hash until metadata was embedded into it.
            case "served_sha256":
                return record.servedSHA256 ?? (record.downloadStatus == nil ? "" : record.sha256 ?? "")
            case "embedded": return record.embedded ?? ""
            case "duplicate_group": return record.duplicateGroup ?? ""
            case "duplicate_of": return record.duplicateOf ?? ""
            case "split": return record.split ?? ""
            case "stationary": return record.stationary.map { $0 ? "true" : "false" } ?? ""
            case "camera_tilt_deg":
                guard case .array(let items)? = image?["computed_rotation"] else { return "" }
                let rotation = items.compactMap { item -> Double? in if case .number(let text) = item { return Double(text) } else { return nil } }
                return QAColumns.significant(CameraTilt.degrees(rotation))
            case "thumbnail":
                guard let thumbnail = qa[name], !thumbnail.isEmpty else { return "" }
                return PathMath.relative(PathMath.resolve(thumbnail, in: base), from: csvFolder)
            default: return qa[name] ?? ""
            }
        }
    }
}
