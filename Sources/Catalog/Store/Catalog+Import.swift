import Fetch
import Foundation
import GRDB

/// Importing a CSV the folder already had (an older mly360, the old Python script, a spreadsheet).
extension Catalog {
    /// What an import did.
    public struct ImportOutcome: Sendable, Equatable {
        /// Rows imported.
        public var rows = 0
        /// Columns kept as foreign columns (not mly360's own), in their order.
        public var foreignColumns: [String] = []
        /// Rows dropped because their file is a thumbnail (an older version catalogued thumbnails as images).
        public var thumbnailRows = 0
        /// Rows whose id repeated an earlier row's: kept under `<id>~<line>`.
        public var duplicateIDs = 0
    }

    /// The meta key under which the SHA-256 of the CSV last rendered at `csvPath` is kept.
    static func renderedKey(_ csvPath: String) -> String { "csv_sha256 " + csvPath }

    /// Imports the CSV at `csvPath` unless it is exactly the file the catalogue rendered there last (so a
    /// file mly360 wrote is imported never, a foreign or hand-edited one once per change).
    ///
    /// Every row becomes (or joins) a record: keyed by its `id` column when non-empty, else by the id of the
    /// file its `filename` column names, else `row-<line>`. Columns other than `id`, `filename` and the QA
    /// columns (which the check recomputes) are kept as imported values and written back unchanged; a
    /// column the catalogue also renders is shown from the catalogue where the record has its own value. A
    /// `filename` inside the dataset links the row to that file (its check keeps the row's id); rows whose
    /// file lies in a thumbnails folder are dropped. An import replaces the values of the previous one.
    /// - Parameters:
    ///   - csvPath: The CSV (absolute).
    ///   - root: The dataset folder (absolute): `filename` values are stored relative to it.
    ///   - thumbnailFolders: Absolute thumbnails folders (besides every one a check of this catalogue used); rows
    ///     naming files inside them are dropped.
    /// - Returns: What was imported, or nil when nothing was (no file, or the file mly360 wrote).
    /// - Throws: ``CatalogError`` when the CSV cannot be read or is malformed (nothing is imported then).
    public func importCSVIfChanged(at csvPath: String, root: String, thumbnailFolders: [String]) throws(CatalogError) -> ImportOutcome? {
        guard FileStat.exists(csvPath) else { return nil }
        let digest = try Catalog.fileSHA256(csvPath)
        if try metaValue(Catalog.renderedKey(csvPath)) == digest { return nil }

        let thumbnailFolders = thumbnailFolders + (try self.thumbnailFolders())
        let reader = try CSVReader(path: csvPath)
        guard let header = try reader.next(), header != [""] else { return nil }
        let csvFolder = PathMath.parent(of: csvPath)
        let idIndex = header.firstIndex(of: "id")
        let filenameIndex = header.firstIndex(of: "filename")
        let skipped = Set(QAColumns.names + ["id"])
        var seen = Set<String>()
        let imported = header.indices.filter { !skipped.contains(header[$0]) && seen.insert(header[$0]).inserted }

        struct Pending { var id: String; var filename: String?; var values: [String: String]; var order: Int }
        var pending: [Pending] = []
        let rendered = Set(APIColumns.leading + [APIColumns.rawJSON])
        var outcome = ImportOutcome(foreignColumns: imported.map { header[$0] }.filter { !rendered.contains($0) })
        var ids = Set<String>()
        let index = try fileIndex()
        while true {
            let line = reader.line
            guard let row = try reader.next() else { break }
            if row == [""] { continue }
            if row.count > header.count {
                throw .malformedCSV(path: csvPath, line: line, reason: "row has \(row.count) fields, header has \(header.count)")
            }
            func field(_ index: Int?) -> String {
                guard let index, index < row.count else { return "" }
                return row[index]
            }
            var relative: String?
            let name = field(filenameIndex)
            if !name.isEmpty {
                let absolute = PathMath.resolve(name, in: csvFolder)
                if thumbnailFolders.contains(where: { PathMath.isInside(absolute, $0) }) {
                    outcome.thumbnailRows += 1
                    continue
                }
                if PathMath.isInside(absolute, root), absolute != root { relative = PathMath.relative(absolute, from: root) }
            }
            var id = field(idIndex).trimmingCharacters(in: .whitespaces)
            if id.isEmpty {
                id = relative.map { index.byFilename[$0]?.id ?? LocalID.derived(fromRelativePath: $0, taken: index.takenIDs.union(ids.map { $0.lowercased() })) } ?? "row-\(line)"
            }
            if !ids.insert(id).inserted {
                outcome.duplicateIDs += 1
                id += "~\(line)"
                ids.insert(id)
            }
            var values: [String: String] = [:]
            for column in imported where column < row.count && !row[column].isEmpty { values[header[column]] = row[column] }
            pending.append(Pending(id: id, filename: relative, values: values, order: pending.count))
        }

        let foreign = outcome.foreignColumns
        try write("import \(pending.count) rows of \(csvPath)") { db in
            // Values of an earlier import are replaced; records that existed only through it go.
            try db.execute(sql: """
                DELETE FROM image WHERE raw_json IS NULL AND qa_json IS NULL AND download_status IS NULL
                    AND imported_json IS NOT NULL;
                UPDATE image SET imported_json = NULL, import_order = NULL;
                """)
            for row in pending {
                try db.execute(sql: """
                    INSERT INTO image (id, imported_json, import_order) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET imported_json = excluded.imported_json, import_order = excluded.import_order
                    """, arguments: [row.id, Catalog.encodeMap(row.values), row.order])
                guard let filename = row.filename else { continue }
                let holder = try Row.fetchOne(db, sql: "SELECT id, raw_json IS NOT NULL AS api FROM image WHERE filename = ?",
                                              arguments: [filename])
                if let holder, (holder["id"] as String) == row.id { continue }
                if let holder, holder["api"] as Bool { continue }  // the file is a Mapillary image's: keep its id
                let own = try String.fetchOne(db, sql: "SELECT filename FROM image WHERE id = ?", arguments: [row.id]) ?? nil
                if own != nil { continue }  // the record already has its file
                try Catalog.claimFilename(db, filename, for: row.id)
                try db.execute(sql: "UPDATE image SET filename = ? WHERE id = ?", arguments: [filename, row.id])
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            try Catalog.setMeta(db, "foreign_columns", String(decoding: try encoder.encode(foreign), as: UTF8.self))
        }
        outcome.rows = pending.count
        return outcome
    }

    /// The foreign columns of the last import, in order.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func foreignColumns() throws(CatalogError) -> [String] {
        guard let text = try metaValue("foreign_columns"), let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    /// The SHA-256 of a file, read in 1 MiB chunks.
    static func fileSHA256(_ path: String) throws(CatalogError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path, errno: errno) }
        defer { try? handle.close() }
        var hasher = SHA256Hex.Hasher()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { throw .io(path: path, message: Catalog.reason(error)) }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(chunk)
        }
        return hasher.finish()
    }
}
