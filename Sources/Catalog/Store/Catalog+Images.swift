import Fetch
import Foundation
import GRDB

/// API records and download outcomes: the ``Fetch/DownloadStore`` side of the catalogue.
extension Catalog: DownloadStore {
    /// Stores discovered images in one transaction. A new id gets a fresh record; a known id keeps its
    /// download outcome, file facts and QA, and has its API record replaced.
    public func storeImages(_ images: [MapillaryImage], discoveredAt date: Date = Date()) throws(FetchError) {
        guard !images.isEmpty else { return }
        let rows = images.map { StoredImage(image: $0, discoveredAt: date) }
        try fetchWrite("store \(rows.count) discovered images") { db in
            for row in rows {
                try db.execute(sql: """
                    INSERT INTO image (id, raw_json, sequence, captured_at, is_panorama, discovered_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET raw_json = excluded.raw_json, sequence = excluded.sequence,
                        captured_at = excluded.captured_at, is_panorama = excluded.is_panorama,
                        discovered_at = COALESCE(discovered_at, excluded.discovered_at)
                    """, arguments: [row.id, scrub(row.rawJSON), row.sequence, row.capturedAt, row.isPanorama,
                                     Catalog.seconds(row.discoveredAt)])
            }
        }
    }

    /// The stored API record and download outcome of `id`, or `nil` (also for images without an API record).
    public func image(_ id: String) throws(FetchError) -> StoredImage? {
        try fetchRead("read image \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM image WHERE id = ? AND raw_json IS NOT NULL", arguments: [id])
                .map(Catalog.storedImage)
        }
    }

    /// Ids of every image with an API record, in the CSV's order: by sequence, capture time, then id.
    public func imageIDs() throws(FetchError) -> [String] {
        try fetchRead("list images") { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM image WHERE raw_json IS NOT NULL ORDER BY sequence, captured_at, length(id), id
                """)
        }
    }

    /// Calls `body` with every image that has an API record, in ``imageIDs()`` order, reading pages of
    /// `pageSize` records so memory stays bounded however many images the folder holds.
    public func forEachImage(pageSize: Int = 500, _ body: (StoredImage) throws(FetchError) -> Void) throws(FetchError) {
        try forEachPage(of: try imageIDs(), pageSize: pageSize, decode: Catalog.storedImage, id: \.id,
                        mapError: { $0.asFetchError }, body)
    }

    /// Marks images whose verified file is still on disk as `present`, in one transaction.
    public func markPresent(_ ids: [String]) throws(FetchError) {
        guard !ids.isEmpty else { return }
        try fetchWrite("mark \(ids.count) images present") { db in
            for id in ids {
                try db.execute(sql: "UPDATE image SET download_status = 'present', download_error = NULL WHERE id = ?",
                               arguments: [id])
            }
        }
    }

    /// Forgets the file records of `ids` (their files are gone or changed), in one transaction: they are
    /// pending again.
    public func clearDownloads(_ ids: [String]) throws(FetchError) {
        guard !ids.isEmpty else { return }
        try fetchWrite("reset \(ids.count) downloads") { db in
            for id in ids {
                try db.execute(sql: """
                    UPDATE image SET download_status = NULL, download_error = NULL, filename = NULL, bytes = NULL,
                        sha256 = NULL, verified_at = NULL, file_mtime_ns = NULL, file_inode = NULL,
                        qa_json = NULL, qa_key = NULL, checked_at = NULL
                    WHERE id = ?
                    """, arguments: [id])
            }
        }
    }

    /// Records a verified file for `id`. Another record holding the same file without an API record (a
    /// file checked before its metadata was known) is merged into this one.
    public func recordVerified(id: String, status: StoredImage.Status, resolution: String?, url: String?,
                               urlFetchedAt: Date?, filename: String, bytes: Int64, sha256: String,
                               verifiedAt: Date = Date()) throws(FetchError) {
        let url = url.map(scrub)
        let facts = FileStat.of(PathMath.join(folder, filename))
        try fetchWrite("record the download of image \(id)") { db in
            try Catalog.claimFilename(db, filename, for: id)
            // A file whose bytes changed invalidates the QA of the file it replaced.
            try db.execute(sql: """
                UPDATE image SET download_status = ?, download_error = NULL, resolution = ?,
                    download_url = COALESCE(?, download_url), url_fetched_at = COALESCE(?, url_fetched_at),
                    qa_key = CASE WHEN sha256 IS ? THEN qa_key ELSE NULL END,
                    filename = ?, bytes = ?, sha256 = ?, verified_at = ?, file_mtime_ns = ?, file_inode = ?,
                    served_sha256 = NULL, served_bytes = NULL, embedded = NULL
                WHERE id = ?
                """, arguments: [status.rawValue, resolution, url, urlFetchedAt.map(Catalog.seconds), sha256, filename,
                                 bytes, sha256, Catalog.seconds(verifiedAt), facts?.mtimeNanoseconds, facts?.inode, id])
        }
    }

    /// Records a failed download for `id` and forgets any earlier file record.
    public func recordFailure(id: String, reason: String, resolution: String?, url: String?,
                              urlFetchedAt: Date?) throws(FetchError) {
        let reason = scrub(reason)
        let url = url.map(scrub)
        try fetchWrite("record the failure of image \(id)") { db in
            try db.execute(sql: """
                UPDATE image SET download_status = 'failed', download_error = ?, resolution = ?, download_url = ?,
                    url_fetched_at = ?, filename = NULL, bytes = NULL, sha256 = NULL, verified_at = NULL,
                    file_mtime_ns = NULL, file_inode = NULL, qa_json = NULL, qa_key = NULL, checked_at = NULL
                WHERE id = ?
                """, arguments: [reason, resolution, url, urlFetchedAt.map(Catalog.seconds), id])
        }
    }

    /// When discovery of a source last finished.
    public func discoveryFinished(sourceKey key: String) throws(FetchError) -> Date? {
        do {
            return try metaValue("discovery_finished " + key).flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        } catch {
            throw error.asFetchError
        }
    }

    /// Records when discovery of a source finished.
    public func recordDiscoveryFinished(sourceKey key: String, at date: Date) throws(FetchError) {
        do {
            try setMetaValue(String(Catalog.seconds(date)), for: "discovery_finished " + key)
        } catch {
            throw error.asFetchError
        }
    }

    /// Moves the file, file facts, QA and imported values of a record that holds `filename` but has no API
    /// record into the record `id`, and deletes the former (one row per file, one file per row).
    static func claimFilename(_ db: Database, _ filename: String, for id: String) throws {
        guard let holder = try Row.fetchOne(
            db, sql: "SELECT id, raw_json, imported_json, import_order, qa_json, qa_key, checked_at FROM image WHERE filename = ? AND id != ?",
            arguments: [filename, id])
        else { return }
        let holderID: String = holder["id"]
        if (holder["raw_json"] as String?) == nil {
            try db.execute(sql: "DELETE FROM image WHERE id = ?", arguments: [holderID])
            try db.execute(sql: """
                INSERT INTO image (id) VALUES (?) ON CONFLICT(id) DO NOTHING
                """, arguments: [id])
            try db.execute(sql: """
                UPDATE image SET imported_json = COALESCE(imported_json, ?), import_order = COALESCE(import_order, ?),
                    qa_json = COALESCE(qa_json, ?), qa_key = COALESCE(qa_key, ?), checked_at = COALESCE(checked_at, ?)
                WHERE id = ?
                """, arguments: [holder["imported_json"] as String?, holder["import_order"] as Int64?,
                                 holder["qa_json"] as String?, holder["qa_key"] as String?,
                                 holder["checked_at"] as Double?, id])
        } else {
            // Another Mapillary image claimed this file name before: it no longer has a file.
            try db.execute(sql: """
                UPDATE image SET filename = NULL, bytes = NULL, sha256 = NULL, verified_at = NULL, download_status = NULL,
                    file_mtime_ns = NULL, file_inode = NULL, qa_json = NULL, qa_key = NULL WHERE id = ?
                """, arguments: [holderID])
        }
    }

    /// Decodes one `image` row that has an API record.
    static func storedImage(_ row: Row) -> StoredImage {
        var image = StoredImage(
            id: row["id"], rawJSON: row["raw_json"] ?? "", sequence: row["sequence"], capturedAt: row["captured_at"],
            isPanorama: row["is_panorama"] ?? false,
            discoveredAt: Date(timeIntervalSince1970: row["discovered_at"] ?? 0))
        image.downloadStatus = (row["download_status"] as String?).flatMap(StoredImage.Status.init(rawValue:))
        image.downloadError = row["download_error"]
        image.resolution = row["resolution"]
        image.downloadURL = row["download_url"]
        image.urlFetchedAt = (row["url_fetched_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        image.filename = row["filename"]
        image.bytes = row["bytes"]
        image.sha256 = row["sha256"]
        image.verifiedAt = (row["verified_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        return image
    }
}
