import Fetch

/// Writes the catalogue's CSV (exactly as ``CatalogCSV`` renders it) with a `.csvt` sidecar: one line of GDAL
/// column types (``ColumnTypes/csvt``), so GDAL and QGIS read `id` and the other ids as strings (ids above
/// 2^53 stay intact), numbers as numbers, `true`/`false` as booleans and capture times as date-times.
///
/// The sidecar is named as GDAL looks for it: the CSV's path with its extension replaced by `.csvt`. Both
/// files appear only when complete (temporary name, fsync, rename).
public enum CSVExport {
    /// The `.csvt` path GDAL reads beside `csvPath`.
    public static func sidecarPath(for csvPath: String) -> String {
        let name = csvPath.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? csvPath
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return csvPath + ".csvt" }
        return String(csvPath.dropLast(name.distance(from: dot, to: name.endIndex))) + ".csvt"
    }

    /// Writes `catalog` to `path` and its `.csvt` sidecar.
    /// - Parameters:
    ///   - catalog: The catalogue.
    ///   - root: The dataset folder that record file names are relative to.
    ///   - path: The CSV file (`filename` and `thumbnail` are relative to its folder).
    /// - Returns: What was written (``ExportSummary/bytes`` is the CSV's size).
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or a file cannot be written.
    @discardableResult
    public static func write(_ catalog: Catalog, root: String, to path: String) throws(CatalogError) -> ExportSummary {
        let destination = PathMath.absolute(path)
        let source = try ExportSource(catalog: catalog, root: root)
        let sidecar = sidecarPath(for: destination)
        var summary = ExportSummary(format: .csv, path: destination, sidecarPath: sidecar, columnTypes: source.types)
        var none: [String: SequenceTrack]? = nil
        try source.forEachRow(relativeTo: PathMath.parent(of: destination), tracks: &none) { _, _, position in
            summary.features += 1
            if position != nil { summary.positioned += 1 }
        }
        let written = try CatalogCSV.render(catalog, to: destination, root: source.root)
        guard written.columns == source.types.columns else {
            throw .io(path: destination, message: "the catalogue changed while it was exported; run the export again")
        }
        summary.features = written.rows
        do {
            try AtomicFile.write(Array(source.types.csvt.utf8), to: sidecar)
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        summary.bytes = FileStat.of(destination)?.size ?? 0
        return summary
    }
}
