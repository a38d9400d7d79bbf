import Foundation
import GRDB

/// Image rows: discovered metadata and download outcomes.
extension StateStore {
    /// Stores discovered images in one transaction. A new id gets a fresh row; a known id keeps its download
    /// columns and has its metadata (JSON, sequence, capture time, panorama label) replaced.
    /// - Parameters:
    ///   - images: The images as the API returned them.
    ///   - date: The discovery time recorded for new rows.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure (nothing is stored then).
    public func storeImages(_ images: [MapillaryImage], discoveredAt date: Date = Date()) throws(FetchError) {
        guard !images.isEmpty else { return }
        let rows = images.map { StoredImage(image: $0, discoveredAt: date) }
        try write("store \(rows.count) discovered images") { db in
            for row in rows {
                try db.execute(sql: """
                    INSERT INTO image (id, raw_json, sequence, captured_at, is_panorama, discovered_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET raw_json = excluded.raw_json, sequence = excluded.sequence,
                        captured_at = excluded.captured_at, is_panorama = excluded.is_panorama
                    """, arguments: [row.id, scrub(row.rawJSON), row.sequence, row.capturedAt, row.isPanorama,
                                     StateStore.seconds(row.discoveredAt)])
            }
        }
    }

    /// The stored row of `id`, or `nil`.
    /// - Parameter id: The image id.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func image(_ id: String) throws(FetchError) -> StoredImage? {
        try read("read image \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM image WHERE id = ?", arguments: [id]).map(StateStore.storedImage)
        }
    }

    /// Every stored image id in the CSV's stable order: by sequence, capture time, then id.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func imageIDs() throws(FetchError) -> [String] {
        try read("list images") { db in
            try String.fetchAll(db, sql: "SELECT id FROM image ORDER BY sequence, captured_at, length(id), id")
        }
    }

    /// The number of stored images.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func imageCount() throws(FetchError) -> Int {
        try read("count images") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM image") ?? 0 }
    }

    /// Calls `body` with every stored image in ``imageIDs()`` order, streaming rows in pages so memory stays
    /// bounded however many images the folder holds.
    /// - Parameters:
    ///   - pageSize: Rows read per database access.
    ///   - body: Called once per row, in order.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure, or what `body` throws.
    public func forEachImage(pageSize: Int = 500, _ body: (StoredImage) throws(FetchError) -> Void) throws(FetchError) {
        let ids = try imageIDs()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + max(pageSize, 1), ids.count)])
            start += chunk.count
            let rows: [String: StoredImage] = try read("read images") { db in
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let found = try Row.fetchAll(db, sql: "SELECT * FROM image WHERE id IN (\(marks))",
                                             arguments: StatementArguments(chunk)).map(StateStore.storedImage)
                return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
            for id in chunk {
                if let row = rows[id] { try body(row) }
            }
        }
    }

    /// Records a verified file for `id`.
    /// - Parameters:
    ///   - id: The image id.
    ///   - status: `.downloaded` (fetched now) or `.present` (already on disk, verified again).
    ///   - resolution: The resolution of the file.
    ///   - url: The CDN URL used, when the file was downloaded.
    ///   - urlFetchedAt: When that URL was obtained.
    ///   - filename: The file name in the output folder.
    ///   - bytes: The file size.
    ///   - sha256: The file's SHA-256 in lower-case hex.
    ///   - verifiedAt: The verification time.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func recordVerified(id: String, status: StoredImage.Status, resolution: String?, url: String?,
                               urlFetchedAt: Date?, filename: String, bytes: Int64, sha256: String,
                               verifiedAt: Date = Date()) throws(FetchError) {
        let url = url.map(scrub)
        try write("record the download of image \(id)") { db in
            try db.execute(sql: """
                UPDATE image SET download_status = ?, download_error = NULL, resolution = ?,
                    download_url = COALESCE(?, download_url), url_fetched_at = COALESCE(?, url_fetched_at),
                    filename = ?, bytes = ?, sha256 = ?, verified_at = ?
                WHERE id = ?
                """, arguments: [status.rawValue, resolution, url, urlFetchedAt.map(StateStore.seconds), filename,
                                 bytes, sha256, StateStore.seconds(verifiedAt), id])
        }
    }

    /// Records a failed download for `id` and forgets any earlier file record.
    /// - Parameters:
    ///   - id: The image id.
    ///   - reason: Why it failed, as a sentence (scrubbed of the token).
    ///   - resolution: The resolution attempted, if one was chosen.
    ///   - url: The CDN URL attempted, if any.
    ///   - urlFetchedAt: When that URL was obtained.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func recordFailure(id: String, reason: String, resolution: String?, url: String?,
                              urlFetchedAt: Date?) throws(FetchError) {
        let reason = scrub(reason)
        let url = url.map(scrub)
        try write("record the failure of image \(id)") { db in
            try db.execute(sql: """
                UPDATE image SET download_status = 'failed', download_error = ?, resolution = ?, download_url = ?,
                    url_fetched_at = ?, filename = NULL, bytes = NULL, sha256 = NULL, verified_at = NULL
                WHERE id = ?
                """, arguments: [reason, resolution, url, urlFetchedAt.map(StateStore.seconds), id])
        }
    }

    /// Decodes one `image` row.
    static func storedImage(_ row: Row) -> StoredImage {
        var image = StoredImage(
            id: row["id"], rawJSON: row["raw_json"], sequence: row["sequence"], capturedAt: row["captured_at"],
            isPanorama: row["is_panorama"], discoveredAt: Date(timeIntervalSince1970: row["discovered_at"]))
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

/// Batch updates used by the resume pass of ``DownloadRun``.
extension StateStore {
    /// The size of every image's verified file, by id (images without a verified file are absent).
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func verifiedSizes() throws(FetchError) -> [String: Int64] {
        try read("read verified files") { db in
            var sizes: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, bytes FROM image
                WHERE download_status IN ('downloaded', 'present') AND verified_at IS NOT NULL
                    AND filename IS NOT NULL AND bytes IS NOT NULL AND sha256 IS NOT NULL
                """)
            while let row = try rows.next() { sizes[row["id"]] = row["bytes"] }
            return sizes
        }
    }

    /// Marks images whose verified file is still on disk as `present`, in one transaction.
    /// - Parameter ids: The image ids.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func markPresent(_ ids: [String]) throws(FetchError) {
        guard !ids.isEmpty else { return }
        try write("mark \(ids.count) images present") { db in
            for id in ids {
                try db.execute(sql: "UPDATE image SET download_status = 'present', download_error = NULL WHERE id = ?",
                               arguments: [id])
            }
        }
    }

    /// Forgets the file records of `ids` (their files are gone or changed), in one transaction.
    /// - Parameter ids: The image ids.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func clearDownloads(_ ids: [String]) throws(FetchError) {
        guard !ids.isEmpty else { return }
        try write("reset \(ids.count) downloads") { db in
            for id in ids {
                try db.execute(sql: """
                    UPDATE image SET download_status = NULL, download_error = NULL, filename = NULL, bytes = NULL,
                        sha256 = NULL, verified_at = NULL
                    WHERE id = ?
                    """, arguments: [id])
            }
        }
    }
}
