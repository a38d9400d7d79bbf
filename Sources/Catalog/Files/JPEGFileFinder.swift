#if canImport(Glibc)
import Glibc
#endif

/// Finds `.jpg` / `.jpeg` files (any case) below a folder.
///
/// Symbolic links to directories are not followed, so a link loop cannot trap the walk; links to files are
/// listed (a dangling or looping file link is listed too and later checked as unreadable). Hidden folders
/// (`.mly360` state, editors' caches) and the excluded folders (the thumbnails) are skipped. Unreadable
/// sub-folders are reported in ``problems`` and the walk goes on.
public struct JPEGFileFinder: Sendable {
    /// The folder to walk.
    public var root: String
    /// Absolute or root-relative folders to leave out (e.g. the thumbnails folder).
    public var excluded: [String]

    /// Creates a finder.
    public init(root: String, excluding excluded: [String] = []) {
        self.root = root
        self.excluded = excluded.map(Self.normalized)
    }

    /// What a walk found.
    public struct Result: Sendable {
        /// Paths of the JPEG files, sorted, each starting with the root path.
        public var files: [String]
        /// Sub-folders that could not be read, and symlinked folders that were not followed.
        public var problems: [String]
    }

    /// Walks the tree.
    /// - Throws: ``CatalogError/unreadable(path:errno:)`` when the root itself is not a readable folder.
    public func find() throws(CatalogError) -> Result {
        var rootStat = stat()
        guard stat(root, &rootStat) == 0 else { throw .unreadable(path: root, errno: errno) }
        guard rootStat.st_mode & S_IFMT == S_IFDIR else { throw .unreadable(path: root, errno: ENOTDIR) }
        guard let probe = opendir(root) else { throw .unreadable(path: root, errno: errno) }
        closedir(probe)

        var files: [String] = []
        var problems: [String] = []
        var pending = [root]
        while let directory = pending.popLast() {
            guard let dir = opendir(directory) else {
                problems.append("skipped folder '\(directory)': \(String(cString: strerror(errno)))")
                continue
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if name.hasPrefix(".") || excluded.contains(Self.normalized(path)) { continue }
                    pending.append(path)
                case S_IFLNK:
                    var target = stat()
                    if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFDIR {
                        problems.append("not following symlinked folder '\(path)'")
                    } else if Self.isJPEGName(name) {
                        files.append(path)
                    }
                case S_IFREG:
                    if Self.isJPEGName(name) { files.append(path) }
                default:
                    continue
                }
            }
        }
        return Result(files: files.sorted(), problems: problems.sorted())
    }

    /// True for names ending in `.jpg` or `.jpeg`, any case, that are not hidden temporary files.
    public static func isJPEGName(_ name: String) -> Bool {
        guard !name.hasPrefix(".") else { return false }
        let lower = name.lowercased()
        return lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg")
    }

    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
