import Fetch

/// Text written in 64 KiB chunks to an ``Fetch/AtomicFile``: the destination appears only on ``commit()``,
/// complete; released uncommitted, the temporary file is removed. Not `Sendable`: owns a file descriptor.
final class BufferedOutput {
    private let file: AtomicFile
    private var pending: [UInt8] = []

    /// Creates the temporary file beside `path`.
    /// - Throws: ``CatalogError/unwritable(path:errno:)``.
    init(path: String) throws(CatalogError) {
        do {
            file = try AtomicFile(finalPath: path)
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        pending.reserveCapacity(1 << 17)
    }

    /// Appends `text` as UTF-8.
    func append(_ text: String) throws(CatalogError) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Flushes, fsyncs and renames the file into place.
    /// - Returns: The file's size in bytes.
    func commit() throws(CatalogError) -> Int64 {
        try flush()
        do {
            try file.commit()
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        return file.count
    }

    private func flush() throws(CatalogError) {
        guard !pending.isEmpty else { return }
        do {
            try file.append(pending)
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        pending.removeAll(keepingCapacity: true)
    }
}
