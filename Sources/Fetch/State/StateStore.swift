import Foundation
import GRDB

/// The durable state of a download folder, in SQLite at `OUT/.mly360/state.sqlite`.
///
/// It holds discovery progress (cells sampled, sequences recorded and expanded, loose image ids,
/// creator cursors — see ``DiscoveryLedger``), every discovered image's metadata exactly as received,
/// and each image's download outcome (status, resolution, size, SHA-256, verification time).
///
/// The database runs in WAL mode; every change, single- or multi-row, is one transaction, so a process
/// killed at any moment (SIGINT or SIGKILL) leaves the last committed state, and the next run resumes
/// from it. The access token is never stored: every text written is scrubbed of the token given at
/// ``init(outDirectory:redacting:)``, and `access_token` parameters are stripped from cursor URLs.
///
/// Methods are synchronous and safe to call from any task: GRDB serialises writes and lets reads run
/// concurrently with them.
public final class StateStore: Sendable {
    /// Path of the SQLite file.
    public let path: String
    let pool: DatabasePool
    private let secret: String?

    /// The state file for an output folder: `<outDirectory>/.mly360/state.sqlite`.
    /// - Parameter outDirectory: The download folder.
    public static func statePath(in outDirectory: String) -> String {
        outDirectory + "/.mly360/state.sqlite"
    }

    /// Opens (creating when needed) the state of `outDirectory` and brings its schema up to date.
    /// - Parameters:
    ///   - outDirectory: The download folder; `.mly360/` is created inside it.
    ///   - token: The access token, if any: it is removed from every text before it is stored.
    /// - Throws: ``FetchError/io(path:message:)`` when the folder or database cannot be created or opened.
    public init(outDirectory: String, redacting token: String? = nil) throws(FetchError) {
        let directory = outDirectory + "/.mly360"
        let path = StateStore.statePath(in: outDirectory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "the state folder could not be created (\(error.localizedDescription))")
        }
        var configuration = Configuration()
        configuration.label = "mly360.state"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL (DatabasePool's default) + NORMAL: committed transactions survive a killed process.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try StateStore.migrator.migrate(pool)
            self.pool = pool
        } catch {
            throw .io(path: path, message: "the state database could not be opened (\(error))")
        }
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
        return migrator
    }

    // MARK: - Access helpers

    /// Runs `body` in one write transaction, mapping database errors to ``FetchError/io(path:message:)``.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(FetchError) -> T {
        do {
            return try pool.write(body)
        } catch let error as FetchError {
            throw error
        } catch {
            throw .io(path: path, message: "could not \(what) (\(error))")
        }
    }

    /// Runs `body` in one read transaction, mapping database errors to ``FetchError/io(path:message:)``.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(FetchError) -> T {
        do {
            return try pool.read(body)
        } catch let error as FetchError {
            throw error
        } catch {
            throw .io(path: path, message: "could not \(what) (\(error))")
        }
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

    // MARK: - Meta

    /// A value stored under `key` in the `meta` table, or `nil`.
    /// - Parameter key: The key.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func metaValue(_ key: String) throws(FetchError) -> String? {
        try read("read the meta value \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Stores `value` under `key` in the `meta` table (scrubbed of the token).
    /// - Parameters:
    ///   - value: The value.
    ///   - key: The key.
    /// - Throws: ``FetchError/io(path:message:)`` on a database failure.
    public func setMetaValue(_ value: String, for key: String) throws(FetchError) {
        let value = scrub(value)
        try write("store the meta value \(key)") { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }
}
