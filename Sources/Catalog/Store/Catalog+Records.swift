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
        let ids = try recordIDs()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + max(pageSize, 1), ids.count)])
            start += chunk.count
            let rows: [String: CatalogRecord] = try read("read records") { db in
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let found = try Row.fetchAll(db, sql: "SELECT * FROM image WHERE id IN (\(marks))",
                                             arguments: StatementArguments(chunk)).map(CatalogRecord.init(row:))
                return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
            for id in chunk {
                if let row = rows[id] { try body(row) }
            }
        }
    }
}
