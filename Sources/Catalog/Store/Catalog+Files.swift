import Fetch
import Foundation
import GRDB

/// File facts and QA reports: the side of the catalogue that `check` reads and writes.
extension Catalog {
    /// What the catalogue knows of one file, before it is checked again.
    struct FileRecord: Sendable {
        /// The record's id.
        var id: String
        /// The file's path relative to the dataset.
        var filename: String
        /// The key of the latest check (file facts and settings), nil when never checked or invalidated.
        var qaKey: String?
        /// The latest check's QA values by column, nil when never checked.
        var qa: [String: String]?
        /// The record's SHA-256, if known.
        var sha256: String?
        /// Whether the record has an API record.
        var hasAPIRecord: Bool
    }

    /// Everything `check` needs before it starts: the records that name a file, the ids of API records
    /// without a file (a file named `<id>.jpg` takes that id), and what the API says about panoramas.
    struct FileIndex: Sendable {
        /// Records by relative file name.
        var byFilename: [String: FileRecord] = [:]
        /// Ids of API records that have no file yet.
        var apiIDsWithoutFile: Set<String> = []
        /// Whether the API (or an imported CSV's `is_pano` / `camera_type`) says panorama, by id.
        var apiSaysPanorama: [String: Bool] = [:]
        /// Every id of the catalogue, lower-cased (a derived id must differ from all in any letter case).
        var takenIDs: Set<String> = []
    }

    /// Reads the ``FileIndex``.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func fileIndex() throws(CatalogError) -> FileIndex {
        try read("read the file records") { db in
            var index = FileIndex()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, filename, qa_key, qa_json, sha256, raw_json IS NOT NULL AS api, is_panorama, imported_json
                FROM image
                """)
            while let row = try rows.next() {
                let id: String = row["id"]
                index.takenIDs.insert(id.lowercased())
                let api: Bool = row["api"]
                if api {
                    if let pano: Bool = row["is_panorama"] { index.apiSaysPanorama[id] = pano }
                } else if let imported = Catalog.decodeMap(row["imported_json"]),
                          let pano = PanoramaLabel.says(isPano: imported["is_pano"], cameraType: imported["camera_type"]) {
                    index.apiSaysPanorama[id] = pano
                }
                guard let filename: String = row["filename"] else {
                    if api { index.apiIDsWithoutFile.insert(id) }
                    continue
                }
                index.byFilename[filename] = FileRecord(
                    id: id, filename: filename, qaKey: row["qa_key"], qa: Catalog.decodeMap(row["qa_json"]),
                    sha256: row["sha256"], hasAPIRecord: api)
            }
            return index
        }
    }

    /// The outcome of checking one file, as stored.
    struct CheckedFile: Sendable {
        var id: String
        var filename: String
        var stat: FileStat?
        var sha256: String?
        var qa: [String: String]
        var qaKey: String?
    }

    /// Stores check results in one transaction: file facts and QA per record (created when new). A
    /// downloaded image keeps its download outcome unless its file changed, which makes it `present`.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func recordChecks(_ results: [CheckedFile], at date: Date = Date()) throws(CatalogError) {
        guard !results.isEmpty else { return }
        try write("record \(results.count) checks") { db in
            for result in results {
                try Catalog.claimFilename(db, result.filename, for: result.id)
                try db.execute(sql: """
                    INSERT INTO image (id, filename, bytes, sha256, file_mtime_ns, file_inode, qa_json, qa_key, checked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET filename = excluded.filename, bytes = excluded.bytes,
                        download_status = CASE WHEN download_status IN ('downloaded', 'present') AND sha256 IS NOT excluded.sha256
                            THEN 'present' ELSE download_status END,
                        embedded = CASE WHEN sha256 IS NOT excluded.sha256 THEN NULL ELSE embedded END,
                        served_sha256 = CASE WHEN sha256 IS NOT excluded.sha256 THEN NULL ELSE served_sha256 END,
                        served_bytes = CASE WHEN sha256 IS NOT excluded.sha256 THEN NULL ELSE served_bytes END,
                        sha256 = excluded.sha256, file_mtime_ns = excluded.file_mtime_ns, file_inode = excluded.file_inode,
                        qa_json = excluded.qa_json, qa_key = excluded.qa_key, checked_at = excluded.checked_at
                    """, arguments: [result.id, result.filename, result.stat?.size, result.sha256,
                                     result.stat?.mtimeNanoseconds, result.stat?.inode, Catalog.encodeMap(result.qa),
                                     result.qaKey, Catalog.seconds(date)])
            }
        }
    }

    /// Marks records whose file is gone: `jpeg_status=missing`, no file facts; a downloaded image becomes
    /// pending (the next download fetches it again). The file name stays, so the CSV says which file is missing.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func markMissing(_ ids: [String]) throws(CatalogError) {
        guard !ids.isEmpty else { return }
        let missing = Catalog.encodeMap(["jpeg_status": "missing", "equirectangular": "unknown",
                                         "equirectangular_reason": "the file is gone"])
        try write("mark \(ids.count) files missing") { db in
            for id in ids {
                try db.execute(sql: """
                    UPDATE image SET qa_json = ?, qa_key = NULL, bytes = NULL, sha256 = NULL, file_mtime_ns = NULL,
                        file_inode = NULL, verified_at = NULL,
                        download_status = CASE WHEN download_status IN ('downloaded', 'present') THEN NULL ELSE download_status END
                    WHERE id = ?
                    """, arguments: [missing, id])
            }
        }
    }

    /// Removes file names that point into a thumbnails folder (a thumbnail is never an image): records
    /// with nothing else are deleted, others keep their API record and imported values.
    /// - Returns: How many records were affected.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func dropFilenames(_ filenames: [String]) throws(CatalogError) -> Int {
        guard !filenames.isEmpty else { return 0 }
        return try write("drop \(filenames.count) thumbnail records") { db in
            for name in filenames {
                try db.execute(sql: """
                    UPDATE image SET filename = NULL, bytes = NULL, sha256 = NULL, file_mtime_ns = NULL, file_inode = NULL,
                        qa_json = NULL, qa_key = NULL, checked_at = NULL WHERE filename = ?
                    """, arguments: [name])
            }
            try db.execute(sql: """
                DELETE FROM image WHERE raw_json IS NULL AND filename IS NULL AND imported_json IS NULL
                """)
            return filenames.count
        }
    }

    /// The number of records.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func recordCount() throws(CatalogError) -> Int {
        try read("count records") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM image") ?? 0 }
    }

    /// A column → value map as stored (compact JSON, sorted keys); nil for an empty map.
    static func encodeMap(_ map: [String: String]) -> String? {
        guard !map.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(map)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A stored column → value map, or nil.
    static func decodeMap(_ text: String?) -> [String: String]? {
        guard let text, let data = text.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }
}

/// The thumbnails folders checks of this catalogue used (never scanned as images).
extension Catalog {
    /// Every thumbnails folder an earlier check used (absolute paths).
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func thumbnailFolders() throws(CatalogError) -> [String] {
        guard let text = try metaValue("thumbnail_folders"), let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    /// Remembers a thumbnails folder.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func addThumbnailFolder(_ folder: String) throws(CatalogError) {
        var folders = try thumbnailFolders()
        guard !folders.contains(folder) else { return }
        folders.append(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(folders) else { return }
        try setMetaValue(String(decoding: data, as: UTF8.self), for: "thumbnail_folders")
    }
}
