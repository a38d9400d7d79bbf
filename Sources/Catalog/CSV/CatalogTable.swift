import Fetch
import Foundation

/// The catalogue as one table: the CSV's columns, in the CSV's order, and each record's values as the CSV
/// writes them. The CSV, the report and the GIS exports are all rendered from it, so they always agree.
///
/// Paths (`filename`, `thumbnail`) are written relative to a folder the caller names: the CSV's, the report's
/// or the export's.
public struct CatalogTable: Sendable {
    /// Every column, in order (see ``CatalogCSV`` for the order).
    public let columns: [String]
    /// The flattened API fields that are not columns of our own, sorted.
    let dottedColumns: [String]
    /// Columns of an imported foreign CSV, in their order.
    let foreignColumns: [String]

    /// Reads the column set of `catalog` (one pass over the records).
    /// - Throws: ``CatalogError`` when the catalogue cannot be read.
    public init(_ catalog: Catalog) throws(CatalogError) {
        var dotted = Set<String>()
        try catalog.forEachRecord { record throws(CatalogError) in
            guard let image = record.image else { return }
            for (name, _) in APIColumns.flatten(image.fields) { dotted.insert(name) }
        }
        let own = Set(APIColumns.leading + [APIColumns.rawJSON] + QAColumns.names)
        dottedColumns = dotted.subtracting(own).sorted()
        let ownColumns = APIColumns.leading + dottedColumns + [APIColumns.rawJSON] + QAColumns.names
        let ownSet = Set(ownColumns)
        foreignColumns = try catalog.foreignColumns().filter { !ownSet.contains($0) }
        columns = ownColumns + foreignColumns
    }

    /// Calls `body` with every record and its values (one per ``columns`` entry), in the catalogue's order.
    /// - Parameters:
    ///   - catalog: The catalogue (the same one the table was read from).
    ///   - root: The dataset folder that record file names are relative to.
    ///   - folder: The folder the written paths are made relative to.
    ///   - body: Receives the record and its values.
    /// - Throws: ``CatalogError`` from the catalogue or from `body`.
    public func forEachRow(
        _ catalog: Catalog, root: String, relativeTo folder: String,
        _ body: (CatalogRecord, [String]) throws(CatalogError) -> Void
    ) throws(CatalogError) {
        let base = PathMath.absolute(root)
        let outFolder = PathMath.absolute(folder)
        try catalog.forEachRecord { record throws(CatalogError) in
            let imported = record.imported ?? [:]
            var values: [String] = []
            values.reserveCapacity(columns.count)
            let image = record.image
            let filename = record.filename.map { PathMath.relative(PathMath.join(base, $0), from: outFolder) }
            if let image {
                values += APIColumns.leadingValues(for: record, image: image, filename: filename)
                let flat = Dictionary(APIColumns.flatten(image.fields), uniquingKeysWith: { _, last in last })
                for name in dottedColumns { values.append(flat[name] ?? imported[name] ?? "") }
                values.append(record.rawJSON ?? "")
            } else {
                for name in APIColumns.leading {
                    switch name {
                    case "id": values.append(record.id)
                    case "filename": values.append(filename ?? imported[name] ?? "")
                    case "download_status": values.append(record.downloadStatus?.rawValue ?? imported[name] ?? "")
                    default: values.append(imported[name] ?? "")
                    }
                }
                for name in dottedColumns { values.append(imported[name] ?? "") }
                values.append(imported[APIColumns.rawJSON] ?? "")
            }
            values += CatalogCSV.qaValues(record, image: image, base: base, csvFolder: outFolder)
            for name in foreignColumns { values.append(imported[name] ?? "") }
            try body(record, values)
        }
    }
}
