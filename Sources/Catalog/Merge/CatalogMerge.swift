import Fetch
import Imaging
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Joins shard folders (`mly360 download --shard K/N`) into one dataset (`mly360 merge`, issue 7 §4).
///
/// For every shard, in the order given: each image record is copied into the output's catalogue with its
/// download outcome, file facts and check results (the QA columns are kept, not recomputed); its file and
/// thumbnail are hard-linked into the output (or moved with ``Mode/move``; copied, atomically, when the
/// folders are on different devices); the discovery ledger (cells, sequences, loose images, creator cursors)
/// is united, a sequence counting as expanded when any shard expanded it. Then the output's CSV is rendered
/// once from the merged catalogue.
///
/// **Duplicates are refused** before anything is written: an image id in two shard folders, or an id already
/// in the output with another SHA-256, names the id and both folders. **Idempotent**: merging the same shards
/// again (after a link or a move) finds every record already in the output with the same SHA-256 and
/// changes nothing but the CSV, which renders to the same bytes.
public enum CatalogMerge {
    /// A merge refused because the shards overlap or the output holds other content under an id: nothing
    /// was written.
    public struct Conflict: Error, Sendable, Equatable, CustomStringConvertible {
        /// The sentence to show: the image id and both folders.
        public let message: String
        /// The sentence.
        public var description: String { message }
    }

    /// How files reach the output folder.
    public enum Mode: String, Sendable {
        /// A hard link (the shard folder stays complete); a copy across devices.
        case link
        /// A rename (the shard folder loses its files); a copy and unlink across devices.
        case move
    }

    /// What a merge did.
    public struct Summary: Sendable, Equatable {
        /// Image records added to the output's catalogue.
        public var imagesAdded = 0
        /// Records already in the output with the same content (an earlier merge).
        public var imagesAlreadyMerged = 0
        /// Files (images and thumbnails) hard-linked, moved or copied.
        public var filesPlaced = 0
        /// Of those, files copied because the shard is on another device.
        public var filesCopied = 0
        /// Rows of the merged CSV.
        public var csvRows = 0
        /// The merged CSV's path.
        public var csvPath = ""
    }

    /// Merges `shards` into `out`.
    /// - Parameters:
    ///   - shards: Shard dataset folders (each with `.mly360/state.sqlite`).
    ///   - out: The output folder (created when needed; may hold an earlier merge of the same shards).
    ///   - mode: Link (default) or move the files.
    /// - Returns: What was done.
    /// - Throws: ``Conflict`` for a duplicate image (with its id and both folders), before anything is
    ///   written; ``CatalogError/io(path:message:)`` naming the folder and cause: a shard without a
    ///   catalogue, the output among the shards, or a file that cannot be read or written.
    public static func merge(shards: [String], into out: String, mode: Mode = .link) throws -> Summary {
        let output = PathMath.absolute(out)
        let folders = shards.map(PathMath.absolute)
        guard !folders.isEmpty else { throw CatalogError.io(path: output, message: "no shard folder was given") }
        if let repeated = Dictionary(grouping: folders, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw Conflict(message: "the shard folder \(repeated) was given twice; nothing was merged")
        }
        if folders.contains(output) {
            throw CatalogError.io(path: output, message: "the output folder is one of the shard folders; merge into a new folder")
        }
        for folder in folders where !FileManager.default.fileExists(atPath: Catalog.statePath(in: folder)) {
            throw CatalogError.io(path: folder, message: "not a dataset folder: it has no catalogue (.mly360/state.sqlite); was it written by mly360 download?")
        }
        let catalogs = try folders.map { folder in try Catalog(folder: folder) }
        let target = try Catalog(folder: output)

        // Refuse duplicates before touching anything.
        var owner: [String: (folder: String, sha: String?)] = [:]
        for (index, catalog) in catalogs.enumerated() {
            for (id, sha) in try catalog.idsAndDigests() {
                if let first = owner[id] {
                    throw Conflict(message: "image \(id) is in both \(first.folder) and \(folders[index]): shards must be disjoint (was the same --shard K/N given twice, or two different sources?); nothing was merged")
                }
                owner[id] = (folders[index], sha)
            }
        }
        let existing = try target.idsAndDigests()
        for (id, sha) in existing {
            guard let incoming = owner[id] else { continue }
            if incoming.sha != sha {
                throw Conflict(message: "image \(id) is already in \(output) with other content than in \(incoming.folder); nothing was merged")
            }
        }

        var summary = Summary()
        for (index, catalog) in catalogs.enumerated() {
            let folder = folders[index]
            for name in try catalog.fileNames() {
                if try place(PathMath.join(folder, name), at: PathMath.join(output, name), mode: mode, summary: &summary) {
                    summary.filesPlaced += 1
                }
            }
            for name in thumbnailNames(in: folder) {
                let relative = "thumbnails/" + name
                if try place(PathMath.join(folder, relative), at: PathMath.join(output, relative), mode: mode, summary: &summary) {
                    summary.filesPlaced += 1
                }
            }
            let (added, already) = try target.absorb(catalog, existing: Set(existing.keys), root: output)
            summary.imagesAdded += added
            summary.imagesAlreadyMerged += already
        }
        let result = try CatalogCSV.render(target, to: CatalogCSV.path(in: output), root: output)
        summary.csvRows = result.rows
        summary.csvPath = result.path
        return summary
    }

    /// Puts one file at `destination`: nothing when an identical file (same inode, or same size and bytes)
    /// is there already; refuses a different one.
    /// - Returns: Whether a file was placed.
    static func place(_ source: String, at destination: String, mode: Mode, summary: inout Summary) throws(CatalogError) -> Bool {
        var sourceInfo = stat()
        guard lstat(source, &sourceInfo) == 0 else {
            // Moved by an earlier merge: fine when the output has it.
            if FileManager.default.fileExists(atPath: destination) { return false }
            throw .io(path: source, message: "the file the catalogue records is missing (\(String(cString: strerror(errno))))")
        }
        var destinationInfo = stat()
        if lstat(destination, &destinationInfo) == 0 {
            if destinationInfo.st_ino == sourceInfo.st_ino && destinationInfo.st_dev == sourceInfo.st_dev { return false }
            if FileManager.default.contentsEqual(atPath: source, andPath: destination) {
                if mode == .move { unlink(source) }
                return false
            }
            throw .io(path: destination, message: "a different file is already there (from \(source)); nothing was overwritten")
        }
        let directory = PathMath.parent(of: destination)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "the folder could not be created (\(Catalog.reason(error)))")
        }
        let placed = mode == .move ? rename(source, destination) : link(source, destination)
        if placed == 0 { return true }
        guard errno == EXDEV else {
            throw .io(path: destination, message: "\(mode == .move ? "moving" : "linking") \(source) failed (\(String(cString: strerror(errno))))")
        }
        // Another device: copy through a temporary name, so the file appears only when complete.
        // ImageChecker.readFile, not FileManager: swift-foundation leaks 4 KiB on every empty file it reads.
        let bytes: [UInt8]
        switch ImageChecker.readFile(source) {
        case .success(let read): bytes = read
        case .failure(let failure): throw .io(path: source, message: "the copy across devices cannot read it: \(failure.message)")
        }
        do {
            try AtomicFile.write(bytes, to: destination)
        } catch {
            throw .io(path: destination, message: "copying \(source) failed (\(error.reason))")
        }
        if mode == .move { unlink(source) }
        summary.filesCopied += 1
        return true
    }

    /// The files in `folder/thumbnails/` (names only; the folder is flat).
    static func thumbnailNames(in folder: String) -> [String] {
        let directory = PathMath.join(folder, "thumbnails")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".part") }.sorted()
    }
}

extension Catalog {
    /// Every record's id and SHA-256 (nil when no verified file).
    func idsAndDigests() throws(CatalogError) -> [String: String?] {
        try read("list the images") { db in
            var result: [String: String?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, sha256 FROM image") {
                result[row["id"]] = row["sha256"] as String?
            }
            return result
        }
    }

    /// The file names (relative to the dataset folder) the records name.
    func fileNames() throws(CatalogError) -> [String] {
        try read("list the files") { db in
            try String.fetchAll(db, sql: "SELECT filename FROM image WHERE filename IS NOT NULL ORDER BY filename")
        }
    }

    /// Copies `shard`'s records and ledger into this catalogue in one transaction; records whose id is in
    /// `existing` are left as they are. File facts are refreshed from the files now under `root`.
    /// - Returns: Records added and records already present.
    func absorb(_ shard: Catalog, existing: Set<String>, root: String) throws(CatalogError) -> (added: Int, already: Int) {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shard.path])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                var added = 0
                var already = 0
                try db.inTransaction {
                    let columns = try db.columns(in: "image", in: "main").map(\.name)
                    let shardColumns = Set(try db.columns(in: "image", in: "shard").map(\.name))
                    let shared = columns.filter(shardColumns.contains).map { "\"\($0)\"" }.joined(separator: ", ")
                    let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM main.image") ?? 0
                    let incoming = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shard.image") ?? 0
                    try db.execute(sql: "INSERT OR IGNORE INTO main.image (\(shared)) SELECT \(shared) FROM shard.image")
                    added = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM main.image") ?? 0) - before
                    already = incoming - added
                    try db.execute(sql: "INSERT OR IGNORE INTO main.cell SELECT * FROM shard.cell")
                    try db.execute(sql: """
                        INSERT INTO main.sequence (key, recorded_at, expanded_at) SELECT key, recorded_at, expanded_at FROM shard.sequence WHERE true
                        ON CONFLICT(key) DO UPDATE SET expanded_at = COALESCE(main.sequence.expanded_at, excluded.expanded_at)
                        """)
                    try db.execute(sql: """
                        INSERT INTO main.loose_image (id, recorded_at, resolved_at) SELECT id, recorded_at, resolved_at FROM shard.loose_image WHERE true
                        ON CONFLICT(id) DO UPDATE SET resolved_at = COALESCE(main.loose_image.resolved_at, excluded.resolved_at)
                        """)
                    try db.execute(sql: "INSERT OR IGNORE INTO main.creator_cursor SELECT * FROM shard.creator_cursor")
                    // A copied file has a new inode: record the file as it is now, so the next check
                    // recognises it as unchanged and keeps its results.
                    let rows = try Row.fetchAll(db, sql: "SELECT id, filename FROM shard.image WHERE filename IS NOT NULL")
                    for row in rows {
                        let id: String = row["id"]
                        guard !existing.contains(id), let name = row["filename"] as String? else { continue }
                        var info = stat()
                        guard lstat(PathMath.join(root, name), &info) == 0 else { continue }
                        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                        try db.execute(sql: "UPDATE main.image SET file_mtime_ns = ?, file_inode = ? WHERE id = ?",
                                       arguments: [mtime, Int64(info.st_ino), id])
                    }
                    return .commit
                }
                return (added, already)
            }
        } catch let error as CatalogError {
            throw error
        } catch {
            throw .io(path: path, message: "could not merge the catalogue \(shard.path) (\(error))")
        }
    }
}
