#if canImport(Glibc)
import Glibc
#endif

/// Errors of the catalogue: a local file or the database could not be read or written. Each names the
/// path and the cause. A broken image is never an error: it is a record with its status.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file or folder could not be opened or read; `errno` is the POSIX cause.
    case unreadable(path: String, errno: Int32)
    /// A file or folder could not be written; `errno` is the POSIX cause.
    case unwritable(path: String, errno: Int32)
    /// A CSV file is malformed; `line` is 1-based.
    case malformedCSV(path: String, line: Int, reason: String)
    /// The database (or another file) failed; `message` says what was being done and why it failed.
    case io(path: String, message: String)

    /// A sentence naming the path and the cause.
    public var description: String {
        switch self {
        case .unreadable(let path, let errno): "Unable to read '\(path)': \(String(cString: strerror(errno)))"
        case .unwritable(let path, let errno): "Unable to write '\(path)': \(String(cString: strerror(errno)))"
        case .malformedCSV(let path, let line, let reason): "Malformed CSV '\(path)' line \(line): \(reason)"
        case .io(let path, let message): "Could not access \(path): \(message)"
        }
    }
}
