#if canImport(Glibc)
import Glibc
#endif

/// The catalogue's one way of writing a file: bytes go to a temporary file beside the destination
/// (`.NAME.tmp-XXXXXX`, same folder, so the rename is atomic), and ``commit()`` fsyncs it, renames it over
/// the destination and fsyncs the folder. Until then the destination is untouched; a writer released
/// without committing removes its temporary file. Used for the CSV and the thumbnails.
///
/// Not `Sendable`: owns a file descriptor.
final class AtomicFile {
    /// The destination path.
    let path: String
    /// The temporary file written until ``commit()``.
    let temporaryPath: String
    private var fd: Int32
    private var committed = false
    private var hasher = Hex.Hasher()

    /// Creates the temporary file beside `path`.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when it cannot be created.
    init(path: String) throws(CatalogError) {
        let directory = PathMath.parent(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array(PathMath.join(directory, ".\(name).tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .unwritable(path: path, errno: errno) }
        fchmod(fd, 0o644)
        self.path = path
        self.fd = fd
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporaryPath) }
    }

    /// Appends bytes.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when the disk refuses them.
    func append(_ bytes: [UInt8]) throws(CatalogError) {
        hasher.update(bytes)
        let failure = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(fd, $0) }
        guard failure == 0 else { throw .unwritable(path: temporaryPath, errno: failure) }
    }

    /// Flushes the file to disk and renames it over ``path``, then syncs the folder.
    /// - Returns: The SHA-256 (hex) of the bytes written.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when a step fails; the destination is then unchanged.
    @discardableResult
    func commit() throws(CatalogError) -> String {
        guard fsync(fd) == 0 else { throw .unwritable(path: temporaryPath, errno: errno) }
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else { throw .unwritable(path: path, errno: errno) }
        committed = true
        let dirFD = open(PathMath.parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
        return hasher.finish()
    }

    /// Writes `bytes` to `path` atomically, creating the folder when needed.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when any step fails.
    static func write(_ bytes: [UInt8], to path: String) throws(CatalogError) {
        let folder = PathMath.parent(of: path)
        if !FileStat.exists(folder) { try OutputProbe.folder(folder, create: true) }
        let file = try AtomicFile(path: path)
        try file.append(bytes)
        try file.commit()
    }
}
