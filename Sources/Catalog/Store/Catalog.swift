import Foundation
import Fetch
import GRDB

/// The one owner of a dataset folder's record: SQLite at `FOLDER/.mly360/state.sqlite`.
///
/// Per image, keyed by id: the API record exactly as received (for Mapillary images), the download
/// outcome, the file facts (path relative to the dataset, size, modification time, inode, SHA-256), the
/// QA report of the latest check, and the values of any foreign CSV the folder had before (imported once,
/// written back unchanged). It also holds Fetch's discovery ledger (cells, sequences, loose images,
/// creator cursors) and implements ``Fetch/DownloadStore``. The CSV, the review report and the exports
/// are views rendered from it (``CatalogCSV``).
///
/// The database runs in WAL mode; every change is one transaction, so a process killed at any moment
/// leaves the last committed state. The access token is never stored: every text written is scrubbed of
/// the token given at ``init(folder:redacting:)``, and `access_token` parameters are stripped from URLs.
///
/// Methods are synchronous and safe to call from any task: GRDB serialises writes and lets reads run
/// concurrently with them.
public final class Catalog: Sendable {
    /// The folder whose `.mly360/` holds the database.
    public let folder: String
    /// Path of the SQLite file.
    public let path: String
    let pool: DatabasePool
    private let secret: String?

    /// The database of a folder: `<folder>/.mly360/state.sqlite`.
    /// - Parameter folder: The dataset folder (or the folder of its CSV).
    public static func statePath(in folder: String) -> String {
        folder + "/.mly360/state.sqlite"
    }

    /// Opens (creating when needed) the catalogue of `folder` and brings its schema up to date.
    /// - Parameters:
    ///   - folder: The folder; `.mly360/` is created inside it.
    ///   - token: The access token, if any: it is removed from every text before it is stored.
    /// - Throws: ``CatalogError/io(path:message:)`` when the folder or database cannot be created or opened.
    public init(folder: String, redacting token: String? = nil) throws(CatalogError) {
        let directory = folder + "/.mly360"
        let path = Catalog.statePath(in: folder)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "the state folder could not be created (\(Catalog.reason(error)))")
        }
        var configuration = Configuration()
        configuration.label = "mly360.catalog"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL (DatabasePool's default) + NORMAL: committed transactions survive a killed process.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Catalog.migrator.migrate(pool)
            self.pool = pool
        } catch {
            throw .io(path: path, message: "the catalogue database could not be opened (\(error))")
        }
        self.folder = folder
        self.path = path
        self.secret = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The schema, one migration per version; never edit a shipped migration, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE cell (key TEXT PRIMARY KEY NOT NULL, completed_at REAL NOT NULL);
                CREATE TABLE sequence (
                    key TEXT PRIMARY KEY NOT NULL,
                    recorded_at REAL NOT NULL,
                    expanded_at REAL);
                CREATE TABLE loose_image (
                    id TEXT PRIMARY KEY NOT NULL,
                    recorded_at REAL NOT NULL,
                    resolved_at REAL);
                CREATE TABLE creator_cursor (
                    username TEXT PRIMARY KEY NOT NULL,
                    next_url TEXT,
                    finished INTEGER NOT NULL DEFAULT 0,
                    updated_at REAL NOT NULL);
                CREATE TABLE image (
                    id TEXT PRIMARY KEY NOT NULL,
                    raw_json TEXT NOT NULL,
                    sequence TEXT,
                    captured_at INTEGER,
                    is_panorama INTEGER NOT NULL,
                    discovered_at REAL NOT NULL,
                    download_status TEXT,
                    download_error TEXT,
                    resolution TEXT,
                    download_url TEXT,
                    url_fetched_at REAL,
                    filename TEXT,
                    bytes INTEGER,
                    sha256 TEXT,
                    verified_at REAL);
                CREATE INDEX image_order ON image (sequence, captured_at, id);
                """)
        }
        // v2: one record per image of any origin (API, local file, imported CSV row): the API columns
        // become optional, file facts, the QA report and imported values join them; one row per file.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE record (
                    id TEXT PRIMARY KEY NOT NULL,
                    raw_json TEXT,
                    sequence TEXT,
                    captured_at INTEGER,
                    is_panorama INTEGER,
                    discovered_at REAL,
                    download_status TEXT,
                    download_error TEXT,
                    resolution TEXT,
                    download_url TEXT,
                    url_fetched_at REAL,
                    filename TEXT,
                    bytes INTEGER,
                    sha256 TEXT,
                    verified_at REAL,
                    file_mtime_ns INTEGER,
                    file_inode INTEGER,
                    qa_json TEXT,
                    qa_key TEXT,
                    checked_at REAL,
                    imported_json TEXT,
                    import_order INTEGER);
                INSERT INTO record (id, raw_json, sequence, captured_at, is_panorama, discovered_at, download_status,
                    download_error, resolution, download_url, url_fetched_at, filename, bytes, sha256, verified_at)
                    SELECT id, raw_json, sequence, captured_at, is_panorama, discovered_at, download_status,
                    download_error, resolution, download_url, url_fetched_at, filename, bytes, sha256, verified_at
                    FROM image;
                DROP TABLE image;
                ALTER TABLE record RENAME TO image;
                CREATE INDEX image_order ON image (sequence, captured_at, id);
                CREATE UNIQUE INDEX image_filename ON image (filename) WHERE filename IS NOT NULL;
                """)
        }
        // v3: near-duplicate groups over the whole catalogue (recomputed after every check).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                ALTER TABLE image ADD COLUMN duplicate_group TEXT;
                ALTER TABLE image ADD COLUMN duplicate_of TEXT;
                """)
        }
        // v4: the train/val/test split (`mly360 split`), kept by later checks.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: "ALTER TABLE image ADD COLUMN split TEXT")
        }
        // v5: stationary frames (recomputed with the duplicate groups).
        migrator.registerMigration("v5") { db in
            try db.execute(sql: "ALTER TABLE image ADD COLUMN stationary INTEGER")
        }
        // v6: embedded metadata (issue 10): the bytes as the CDN served them, and what was written into the file.
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                ALTER TABLE image ADD COLUMN served_sha256 TEXT;
                ALTER TABLE image ADD COLUMN served_bytes INTEGER;
                ALTER TABLE image ADD COLUMN embedded TEXT;
                """)
        }
        // v7-tiles: the coverage tile cache (Catalog+Tiles.swift).
        registerTileMigration(&migrator)
        return migrator
    }

    // MARK: - Access helpers

    /// Runs `body` in one write transaction, mapping database errors to ``CatalogError/io(path:message:)``.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(CatalogError) -> T {
        do {
            return try pool.write(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw .io(path: path, message: "could not \(what) (\(error))")
        }
    }

    /// Runs `body` in one read transaction, mapping database errors to ``CatalogError/io(path:message:)``.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(CatalogError) -> T {
        do {
            return try pool.read(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw .io(path: path, message: "could not \(what) (\(error))")
        }
    }

    /// ``write(_:_:)`` for the ``Fetch/DownloadStore`` methods, whose errors are ``Fetch/FetchError``.
    func fetchWrite<T>(_ what: String, _ body: (Database) throws -> T) throws(FetchError) -> T {
        do { return try write(what, body) } catch { throw error.asFetchError }
    }

    /// ``read(_:_:)`` for the ``Fetch/DownloadStore`` methods.
    func fetchRead<T>(_ what: String, _ body: (Database) throws -> T) throws(FetchError) -> T {
        do { return try read(what, body) } catch { throw error.asFetchError }
    }

    /// `text` with every occurrence of the access token replaced by `[redacted]`.
    func scrub(_ text: String) -> String {
        guard let secret, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }

    /// `url` without any `access_token` query parameter, then scrubbed of the token.
    func scrubURL(_ url: String) -> String {
        guard var components = URLComponents(string: url), let items = components.queryItems else { return scrub(url) }
        let kept = items.filter { $0.name != "access_token" }
        if kept.count != items.count { components.queryItems = kept.isEmpty ? nil : kept }
        return scrub(components.string ?? url)
    }

    /// Seconds since 1970 for `date`, the unit of every time column.
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }

    /// A short reason for a Foundation error.
    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }

    // MARK: - Meta

    /// A value stored under `key`, or `nil`.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func metaValue(_ key: String) throws(CatalogError) -> String? {
        try read("read the meta value \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Stores `value` under `key` (scrubbed of the token).
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func setMetaValue(_ value: String, for key: String) throws(CatalogError) {
        let value = scrub(value)
        try write("store the meta value \(key)") { db in
            try Catalog.setMeta(db, key, value)
        }
    }

    static func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}

extension CatalogError {
    /// The same failure as Fetch's error type, for the ``Fetch/DownloadStore`` conformance.
    var asFetchError: FetchError {
        switch self {
        case .io(let path, let message): return .io(path: path, message: message)
        default: return .io(path: "", message: description)
        }
    }
}
