#if canImport(Glibc)
import Glibc
#endif
import Fetch

/// Writes an RFC 4180 CSV file atomically (through Fetch's ``Fetch/AtomicFile``): rows go to a temporary file beside the
/// destination, and ``commit()`` makes it appear under its real name in one `rename(2)`.
///
/// Until ``commit()`` succeeds the destination is untouched; a writer released without committing removes its
/// temporary file. Fields are quoted only when they contain a comma, a quote or a line break; lines end with CRLF
/// as RFC 4180 prescribes; UTF-8 without a byte-order mark. Not `Sendable`: owns a file descriptor.
public final class CSVWriter {
    /// The destination path.
    public var path: String { file.finalPath }
    /// The temporary file written until ``commit()``.
    public var temporaryPath: String { file.temporaryPath }
    private let file: AtomicFile
    private var pending: [UInt8] = []
    private var hasher = SHA256Hex.Hasher()

    /// Creates the temporary file beside `path` (same directory, so the final rename is atomic).
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` when the temporary file cannot be created.
    public init(path: String) throws(CatalogError) {
        do {
            file = try AtomicFile(finalPath: path)
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        pending.reserveCapacity(1 << 16)
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
        do {
            try file.commit()
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        return hasher.finish()
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
        do {
            try file.append(pending)
        } catch {
            throw .unwritable(path: error.path, errno: error.errno)
        }
        pending.removeAll(keepingCapacity: true)
    }
}
