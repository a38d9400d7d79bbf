#if canImport(Glibc)
import Glibc
#endif

/// Why an ``AtomicFile`` step failed: the path and the POSIX cause.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or temporary file, or folder) the failing call was about.
    public var path: String
    /// The POSIX cause.
    public var errno: Int32

    /// Creates an error.
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    /// The C library's text for ``errno``.
    public var reason: String { String(cString: strerror(errno)) }

    /// `Unable to write '<path>': <reason>`.
    public var description: String { "Unable to write '\(path)': \(reason)" }
}
