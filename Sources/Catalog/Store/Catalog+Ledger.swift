import Fetch
import Foundation
import GRDB

/// Discovery progress lives in the `cell`, `sequence`, `loose_image` and `creator_cursor` tables; each
/// method is one committed transaction when it returns.
extension Catalog: DiscoveryLedger {
    /// Keys of every completed cell.
    public func completedCells() async throws -> Set<String> {
        try read("read completed cells") { db in
            Set(try String.fetchAll(db, sql: "SELECT key FROM cell"))
        }
    }

    /// Marks the cell complete and adds unknown sequence keys and loose ids to the pending sets, atomically.
    public func recordCell(_ key: String, sequences: [String], looseImageIDs: [String]) async throws {
        let now = Catalog.seconds(Date())
        let key = scrub(key)
        let sequences = sequences.map(scrub)
        let looseImageIDs = looseImageIDs.map(scrub)
        try write("record cell \(key)") { db in
            for sequence in sequences {
                try db.execute(sql: "INSERT OR IGNORE INTO sequence (key, recorded_at) VALUES (?, ?)",
                               arguments: [sequence, now])
            }
            for id in looseImageIDs {
                try db.execute(sql: "INSERT OR IGNORE INTO loose_image (id, recorded_at) VALUES (?, ?)",
                               arguments: [id, now])
            }
            try db.execute(sql: "INSERT OR IGNORE INTO cell (key, completed_at) VALUES (?, ?)", arguments: [key, now])
        }
    }

    /// Sequence keys recorded but not yet expanded, in the order first recorded.
    public func pendingSequences() async throws -> [String] {
        try read("read pending sequences") { db in
            try String.fetchAll(db, sql: "SELECT key FROM sequence WHERE expanded_at IS NULL ORDER BY rowid")
        }
    }

    /// Marks a sequence expanded (recording it first if it was never recorded).
    public func recordSequenceExpanded(_ key: String) async throws {
        let now = Catalog.seconds(Date())
        let key = scrub(key)
        try write("record sequence \(key) as expanded") { db in
            try db.execute(sql: """
                INSERT INTO sequence (key, recorded_at, expanded_at) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET expanded_at = excluded.expanded_at
                """, arguments: [key, now, now])
        }
    }

    /// Loose image ids recorded but not yet resolved, in the order first recorded.
    public func pendingLooseImageIDs() async throws -> [String] {
        try read("read pending loose images") { db in
            try String.fetchAll(db, sql: "SELECT id FROM loose_image WHERE resolved_at IS NULL ORDER BY rowid")
        }
    }

    /// Marks loose image ids resolved, in one transaction.
    public func recordLooseImagesResolved(_ ids: [String]) async throws {
        let now = Catalog.seconds(Date())
        let ids = ids.map(scrub)
        try write("record resolved loose images") { db in
            for id in ids {
                try db.execute(sql: """
                    INSERT INTO loose_image (id, recorded_at, resolved_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET resolved_at = excluded.resolved_at
                    """, arguments: [id, now, now])
            }
        }
    }

    /// The stored `paging.next` cursor of a creator, or `nil` (never started, or finished).
    public func creatorCursor(_ username: String) async throws -> String? {
        try read("read the cursor of creator \(username)") { db in
            try String.fetchOne(db, sql: "SELECT next_url FROM creator_cursor WHERE username = ? AND finished = 0",
                                arguments: [username])
        }
    }

    /// Whether every page of the creator was delivered.
    public func creatorFinished(_ username: String) async throws -> Bool {
        try read("read the state of creator \(username)") { db in
            try Bool.fetchOne(db, sql: "SELECT finished FROM creator_cursor WHERE username = ?",
                              arguments: [username]) ?? false
        }
    }

    /// Stores a creator's cursor (without any `access_token` parameter); `nil` marks the creator finished.
    public func recordCreatorCursor(_ username: String, next: String?) async throws {
        let now = Catalog.seconds(Date())
        let cursor = next.map(scrubURL)
        let username = scrub(username)
        try write("record the cursor of creator \(username)") { db in
            try db.execute(sql: """
                INSERT INTO creator_cursor (username, next_url, finished, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(username) DO UPDATE SET next_url = excluded.next_url, finished = excluded.finished,
                    updated_at = excluded.updated_at
                """, arguments: [username, cursor, cursor == nil, now])
        }
    }

    /// Ids of every image with an API record (records of local files and imported rows do not count:
    /// discovery still fetches their metadata).
    public func knownImageIDs() async throws -> Set<String> {
        try read("read known image ids") { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM image WHERE raw_json IS NOT NULL"))
        }
    }

    /// Forgets finished cells, sequence expansions, loose-image resolutions and creator cursors (keeping
    /// every image), so the next discovery asks the API again (`--refresh`).
    public func forgetDiscoveryProgress() throws(FetchError) {
        try fetchWrite("reset the discovery progress") { db in
            try db.execute(sql: """
                DELETE FROM cell;
                UPDATE sequence SET expanded_at = NULL;
                UPDATE loose_image SET resolved_at = NULL;
                DELETE FROM creator_cursor;
                DELETE FROM tile;
                """)
        }
    }
}
