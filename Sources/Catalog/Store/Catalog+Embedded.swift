import Foundation
import GRDB

extension Catalog {
    /// Records that metadata was embedded into the file of `id`: the served bytes' hash and size are kept
    /// (`served_sha256`, `served_bytes`, once), the file facts become those of the new file, and the QA is due
    /// again (the next check reads the embedded GPano).
    /// - Parameters:
    ///   - id: The image.
    ///   - bytes: The new file's size.
    ///   - sha256: The new file's SHA-256.
    ///   - embedded: What the file now carries (``Imaging/EmbedResult/summary``).
    ///   - changed: Whether the file was rewritten (false: it already held everything; only `embedded` is set).
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func recordEmbedded(id: String, bytes: Int64, sha256: String, embedded: String, changed: Bool) throws(CatalogError) {
        let facts = try read("read the file of image \(id)") { db in
            try String.fetchOne(db, sql: "SELECT filename FROM image WHERE id = ?", arguments: [id])
        }.flatMap { FileStat.of(PathMath.join(folder, $0)) }
        try write("record the metadata embedded into image \(id)") { db in
            if changed {
                try db.execute(sql: """
                    UPDATE image SET served_sha256 = COALESCE(served_sha256, sha256), served_bytes = COALESCE(served_bytes, bytes),
                        bytes = ?, sha256 = ?, file_mtime_ns = ?, file_inode = ?, embedded = ?, qa_key = NULL
                    WHERE id = ?
                    """, arguments: [bytes, sha256, facts?.mtimeNanoseconds, facts?.inode, embedded, id])
            } else {
                try db.execute(sql: "UPDATE image SET embedded = ? WHERE id = ?", arguments: [embedded, id])
            }
        }
    }

    /// Whether the stored file facts of `id` (modification time and inode) are `stat`'s.
    func fileFactsMatch(id: String, _ stat: FileStat) throws(CatalogError) -> Bool {
        try read("read the file facts of image \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT file_mtime_ns, file_inode FROM image WHERE id = ?", arguments: [id])
            else { return false }
            let mtime: Int64? = row["file_mtime_ns"]
            let inode: Int64? = row["file_inode"]
            return mtime == stat.mtimeNanoseconds && inode == stat.inode
        }
    }
}
