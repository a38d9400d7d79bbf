import Foundation
import GRDB

/// Reading whole records, in the order of every rendered file.
extension Catalog {
    /// Ids of every record in the CSV's order: Mapillary images by sequence, capture time and id, then the
    /// other records in the order of the CSV they were imported from, then by file name.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func recordIDs() throws(CatalogError) -> [String] {
        try read("list records") { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM image ORDER BY raw_json IS NULL, sequence, captured_at,
                    CASE WHEN raw_json IS NULL THEN coalesce(import_order, 9223372036854775807) END,
                    filename, length(id), id
                """)
        }
    }

    /// Calls `body` with every record in ``recordIDs()`` order, reading pages of `pageSize` records.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure, or what `body` throws.
    public func forEachRecord(pageSize: Int = 500, _ body: (CatalogRecord) throws(CatalogError) -> Void) throws(CatalogError) {
        try forEachPage(of: try recordIDs(), pageSize: pageSize, decode: CatalogRecord.init(row:), id: \.id,
                        mapError: { $0 }, body)
    }

    /// Reads the rows of `ids` in pages of `pageSize` and calls `body` with each, decoded, in the order of `ids`:
    /// the one paged reader behind ``forEachRecord(pageSize:_:)`` and ``forEachImage(pageSize:_:)``.
    func forEachPage<T, E: Error>(of ids: [String], pageSize: Int, decode: @escaping (Row) -> T, id: KeyPath<T, String>,
                                  mapError: (CatalogError) -> E, _ body: (T) throws(E) -> Void) throws(E) {
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + max(pageSize, 1), ids.count)])
            start += chunk.count
            let rows: [String: T]
            do {
                rows = try read("read \(chunk.count) records") { db in
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let found = try Row.fetchAll(db, sql: "SELECT * FROM image WHERE id IN (\(marks))",
                                                 arguments: StatementArguments(chunk)).map(decode)
                    return Dictionary(found.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { first, _ in first })
                }
            } catch {
                throw mapError(error)
            }
            for key in chunk {
                if let row = rows[key] { try body(row) }
            }
        }
    }
}
