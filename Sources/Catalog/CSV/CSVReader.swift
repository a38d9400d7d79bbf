#if canImport(Glibc)
import Glibc
#endif

/// Streams the rows of an RFC 4180 CSV file with bounded memory.
///
/// Accepts quoted fields containing commas, quotes (`""`) and line breaks, CRLF or LF line ends,
/// a UTF-8 byte-order mark, and a last line without a line end. Invalid UTF-8 is replaced with U+FFFD.
/// Not `Sendable`: owns a file descriptor.
public final class CSVReader {
    private let path: String
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var firstRead = true
    /// 1-based number of the line the next row starts on (for error messages).
    public private(set) var line = 1

    /// Opens `path` for reading.
    /// - Throws: ``CatalogError/unreadable(path:errno:)`` when the file cannot be opened.
    public init(path: String) throws(CatalogError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Returns the next row, or nil at the end of the file.
    /// - Throws: ``CatalogError/unreadable(path:errno:)`` on a read error, or
    ///   ``CatalogError/malformedCSV(path:line:reason:)`` for a quote that never closes or text after a closing quote.
    public func next() throws(CatalogError) -> [String]? {
        guard try peekByte() != nil else { return nil }
        var row: [String] = []
        var field: [UInt8] = []
        let rowLine = line
        var quoted = false
        var afterQuote = false
        while true {
            guard let byte = try nextByte() else {
                if quoted { throw .malformedCSV(path: path, line: rowLine, reason: "a quoted field never closes") }
                row.append(String(decoding: field, as: UTF8.self))
                return row
            }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if try peekByte() == UInt8(ascii: "\"") {
                        _ = try nextByte()
                        field.append(byte)
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            case 0x0D:
                if try peekByte() == 0x0A { _ = try nextByte() }
                line += 1
                row.append(String(decoding: field, as: UTF8.self))
                return row
            case 0x0A:
                line += 1
                row.append(String(decoding: field, as: UTF8.self))
                return row
            case UInt8(ascii: "\"") where field.isEmpty && !afterQuote:
                quoted = true
            default:
                if afterQuote {
                    throw .malformedCSV(path: path, line: line, reason: "text after a closing quote")
                }
                field.append(byte)
            }
        }
    }

    private func fill() throws(CatalogError) {
        guard !atEOF else { return }
        start = 0
        end = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if n == 0 { atEOF = true }
            end = n
            break
        }
        if firstRead {
            firstRead = false
            if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
    }

    private func peekByte() throws(CatalogError) -> UInt8? {
        if start == end { try fill() }
        return start < end ? buffer[start] : nil
    }

    private func nextByte() throws(CatalogError) -> UInt8? {
        if start == end { try fill() }
        guard start < end else { return nil }
        defer { start += 1 }
        return buffer[start]
    }
}
