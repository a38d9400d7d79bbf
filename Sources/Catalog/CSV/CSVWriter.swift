#if canImport(Glibc)
import Glibc
#endif

/// Writes an RFC 4180 CSV file atomically: rows go to a temporary file beside the destination,
/// and ``commit()`` makes it appear under its real name in one `rename(2)`.
///
/// Until ``commit()`` succeeds the destination is untouched; a writer released without committing removes its
/// temporary file. Fields are quoted only when they contain a comma, a quote or a line break; lines end with CRLF
/// as RFC 4180 prescribes; UTF-8 without a byte-order mark. Not `Sendable`: owns a file descriptor.
public final class CSVWriter {
    /// The destination path.
    public let path: String
    /// The temporary file written until ``commit()``.
    public let temporaryPath: String
    private var fd: Int32
    private var pending: [UInt8] = []
    private var committed = false
    private var hasher = Hex.Hasher()

    /// Creates the temporary file beside `path` (same directory, so the final rename is atomic).
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when the temporary file cannot be created.
    public init(path: String) throws(CatalogError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .unwritable(path: path, errno: errno) }
        fchmod(fd, 0o644)
        self.path = path
        self.fd = fd
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        pending.reserveCapacity(1 << 16)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporaryPath) }
    }

    /// Appends one row.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when the disk refuses the bytes.
    public func write(_ row: [String]) throws(CatalogError) {
        for (index, field) in row.enumerated() {
            if index > 0 { pending.append(UInt8(ascii: ",")) }
            Self.append(field, to: &pending)
        }
        pending.append(0x0D)
        pending.append(0x0A)
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Flushes, `fsync`s and renames the temporary file over ``path``, then syncs the directory.
    /// - Returns: The SHA-256 (hex) of the bytes written.
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when any step fails; the destination is then unchanged.
    @discardableResult
    public func commit() throws(CatalogError) -> String {
        try flush()
        guard fsync(fd) == 0 else { throw .unwritable(path: temporaryPath, errno: errno) }
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else { throw .unwritable(path: path, errno: errno) }
        committed = true
        defer { syncDirectory() }
        return hasher.finish()
    }

    private func syncDirectory() {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// The CSV text of one field: quoted when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        var bytes: [UInt8] = []
        append(field, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    private func flush() throws(CatalogError) {
        hasher.update(pending)
        let failure = pending.withUnsafeBytes { FileDescriptorWriter.writeAll(fd, $0) }
        guard failure == 0 else { throw .unwritable(path: temporaryPath, errno: failure) }
        pending.removeAll(keepingCapacity: true)
    }
}
