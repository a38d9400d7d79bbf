import Foundation
import Imaging

/// Writes `OUT/mapillary_images_metadata.csv` from the state database: one row per discovered image,
/// failed ones included.
///
/// Columns, in this order:
/// 1. ``leadingColumns`` (`id, filename, latitude, longitude, sequence, captured_at, camera_type, make,
///    model, width, height, resolution, download_url, download_status, download_error`);
/// 2. every other API field, flattened with dotted names (`creator.username`,
///    `computed_geometry.coordinates`; arrays as compact JSON), the union over all images, sorted
///    alphabetically;
/// 3. `raw_json`, the image object exactly as received;
/// 4. any further column of an existing CSV at the same path (for example the QA columns of an earlier
///    `mly360 check`), in its existing order, with its values kept for rows of the same id.
///
/// The file is written through ``Imaging/CSVWriter`` (temporary file, fsync, rename), so it appears only
/// complete. Rows are ordered by sequence, capture time, then id.
public enum MetadataCSV {
    /// The file name inside the output folder (the name the old script used).
    public static let fileName = "mapillary_images_metadata.csv"

    /// The leading columns, exactly in this order.
    public static let leadingColumns = [
        "id", "filename", "latitude", "longitude", "sequence", "captured_at", "camera_type", "make", "model",
        "width", "height", "resolution", "download_url", "download_status", "download_error",
    ]

    /// The column holding the API object as received.
    public static let rawJSONColumn = "raw_json"

    /// API fields already shown in the leading columns (so not repeated among the dotted ones).
    static let fieldsInLeadingColumns: Set<String> = [
        "id", "sequence", "captured_at", "camera_type", "make", "model", "width", "height",
    ]

    /// What ``write(state:outDirectory:)`` wrote.
    public struct Result: Sendable, Equatable {
        /// The CSV path.
        public var path: String
        /// The header, in order.
        public var columns: [String]
        /// Data rows written.
        public var rows: Int
        /// Remarks (for example an unreadable earlier CSV whose extra columns could not be kept).
        public var notes: [String]
    }

    /// The CSV path of an output folder.
    /// - Parameter outDirectory: The download folder.
    public static func path(in outDirectory: String) -> String {
        outDirectory + "/" + fileName
    }

    /// Writes the CSV of every image in `state` into `outDirectory`, atomically.
    /// - Parameters:
    ///   - state: The folder's state.
    ///   - outDirectory: The download folder.
    /// - Returns: The path, columns and row count.
    /// - Throws: ``FetchError/io(path:message:)`` when the state cannot be read or the file cannot be written.
    @discardableResult
    public static func write(state: StateStore, outDirectory: String) throws(FetchError) -> Result {
        let path = path(in: outDirectory)
        var notes: [String] = []

        // Pass 1: the union of dotted field names.
        var dotted = Set<String>()
        try state.forEachImage { row throws(FetchError) in
            guard let image = row.image else { return }
            for (name, _) in flatten(image.fields) { dotted.insert(name) }
        }
        let reserved = Set(leadingColumns + [rawJSONColumn])
        let dottedColumns = dotted.subtracting(reserved).sorted()
        let ownColumns = leadingColumns + dottedColumns + [rawJSONColumn]

        // Extra columns of an existing CSV, kept by id.
        let existing = readExisting(path: path, ownColumns: Set(ownColumns), notes: &notes)
        let columns = ownColumns + existing.columns

        let writer: CSVWriter
        do {
            writer = try CSVWriter(path: path)
            try writer.write(columns)
        } catch {
            throw .io(path: path, message: "the metadata CSV could not be written (\(error))")
        }
        var count = 0
        try state.forEachImage { row throws(FetchError) in
            var values = leadingValues(for: row)
            let flat = row.image.map { Dictionary(flatten($0.fields), uniquingKeysWith: { _, last in last }) } ?? [:]
            for name in dottedColumns { values.append(flat[name] ?? "") }
            values.append(row.rawJSON)
            let kept = existing.values[row.id]
            for index in existing.columns.indices {
                values.append(kept.flatMap { index < $0.count ? $0[index] : nil } ?? "")
            }
            do {
                try writer.write(values)
            } catch {
                throw .io(path: path, message: "the metadata CSV could not be written (\(error))")
            }
            count += 1
        }
        do {
            try writer.commit()
        } catch {
            throw .io(path: path, message: "the metadata CSV could not be written (\(error))")
        }
        return Result(path: path, columns: columns, rows: count, notes: notes)
    }

    /// The values of the leading columns for one stored image.
    static func leadingValues(for row: StoredImage) -> [String] {
        let image = row.image
        let coordinate = image.flatMap(coordinateText)
        let verified = row.downloadStatus == .downloaded || row.downloadStatus == .present
        return [
            row.id,
            verified ? (row.filename ?? "") : "",
            coordinate?.latitude ?? "",
            coordinate?.longitude ?? "",
            row.sequence ?? "",
            row.capturedAt.map(isoTimestamp) ?? "",
            image?.cameraType ?? "",
            image?.make ?? "",
            image?.model ?? "",
            image?.width.map(String.init) ?? "",
            image?.height.map(String.init) ?? "",
            row.resolution ?? "",
            row.downloadURL ?? "",
            row.downloadStatus?.rawValue ?? "",
            row.downloadStatus == .failed ? (row.downloadError ?? "") : "",
        ]
    }
}
