import Fetch
import Foundation
import GRDB

/// Coverage tiles live in the `tile` table (migration `v7-tiles`): the raw body of each tile by
/// `<tileset> z/x/y`, with the time it was fetched. `--refresh` forgets them with the rest of the
/// discovery progress.
extension Catalog: TileCache {
    /// The stored body of the tile `key`, if any.
    public func cachedTile(_ key: String) async throws -> [UInt8]? {
        try read("read tile \(key)") { db in
            try Data.fetchOne(db, sql: "SELECT body FROM tile WHERE key = ?", arguments: [key]).map { [UInt8]($0) }
        }
    }

    /// Stores (or replaces) the body of the tile `key`.
    public func storeTile(_ key: String, body: [UInt8]) async throws {
        let now = Catalog.seconds(Date())
        try write("store tile \(key)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO tile (key, body, fetched_at) VALUES (?, ?, ?)",
                           arguments: [key, Data(body), now])
        }
    }

    /// Registers the `v7-tiles` migration (after every earlier one; never renumbered).
    static func registerTileMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-tiles") { db in
            try db.execute(sql: "CREATE TABLE tile (key TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL, fetched_at REAL NOT NULL)")
        }
    }
}
