#if canImport(Glibc)
import Glibc
#endif

/// Errors of the Imaging module. Each carries the path (where there is one) and the cause.
///
/// A *damaged* JPEG is not an error: it is a result (``JPEGStatus/damaged``). These errors mean
/// "no answer could be produced".
public enum ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file could not be opened or read; `errno` is the POSIX cause.
    case unreadable(path: String, errno: Int32)
    /// A file could not be written; `errno` is the POSIX cause.
    case unwritable(path: String, errno: Int32)
    /// A C codec call failed; `operation` names the call, `message` is the library's text.
    case codec(operation: String, message: String)
    /// A CSV file is malformed; `line` is 1-based.
    case malformedCSV(path: String, line: Int, reason: String)

    /// A sentence naming the path and the cause.
    public var description: String {
        switch self {
        case .unreadable(let path, let errno): "Unable to read '\(path)': \(String(cString: strerror(errno)))"
        case .unwritable(let path, let errno): "Unable to write '\(path)': \(String(cString: strerror(errno)))"
        case .codec(let operation, let message): "\(operation): \(message)"
        case .malformedCSV(let path, let line, let reason): "Malformed CSV '\(path)' line \(line): \(reason)"
        }
    }
}
