#if canImport(Glibc)
import Glibc
#endif

/// Checks, before any work starts, that the outputs of a run can be written: the CSV's folder, the
/// thumbnails folder and the catalogue's folder. A run that would only find out at its end that the CSV
/// cannot be written fails at once instead.
public enum OutputProbe {
    /// Throws unless a file can be created beside `csvPath` (and `csvPath` is not a folder).
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` naming the path and the cause.
    public static func csv(_ csvPath: String) throws(CatalogError) {
        var info = stat()
        if stat(csvPath, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw .unwritable(path: csvPath, errno: EISDIR) }
        try folder(PathMath.parent(of: csvPath), create: false, reportAs: csvPath)
    }

    /// Throws unless `path` is (or can be made) a folder in which files can be created.
    /// - Parameters:
    ///   - path: The folder.
    ///   - create: Create it (and its parents) when absent.
    ///   - reportAs: The path named in the error (default `path`).
    /// - Throws: ``CatalogError/unwritable(path:errno:)`` naming the path and the cause.
    public static func folder(_ path: String, create: Bool, reportAs: String? = nil) throws(CatalogError) {
        let shown = reportAs ?? path
        var info = stat()
        if stat(path, &info) != 0 {
            guard create, errno == ENOENT else { throw .unwritable(path: shown, errno: errno) }
            try makeFolders(path, shown: shown)
        } else if info.st_mode & S_IFMT != S_IFDIR {
            throw .unwritable(path: shown, errno: ENOTDIR)
        }
        var template = Array(PathMath.join(path, ".mly360-probe-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .unwritable(path: shown, errno: errno) }
        close(fd)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    private static func makeFolders(_ path: String, shown: String) throws(CatalogError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST { throw .unwritable(path: shown, errno: errno) }
        }
    }
}
