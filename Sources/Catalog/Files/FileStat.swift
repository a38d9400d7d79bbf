#if canImport(Glibc)
import Glibc
#endif

/// The facts of a file that tell whether it changed since it was last checked: size, modification time
/// (nanoseconds) and inode. Read with `lstat`, so a symbolic link is described by its own entry.
struct FileStat: Sendable, Equatable {
    /// Size in bytes.
    var size: Int64
    /// Modification time in nanoseconds since 1970.
    var mtimeNanoseconds: Int64
    /// The inode number (0 where the file system has none).
    var inode: Int64
    /// Whether it is a regular file (links and other kinds are checked, and reported, as they are).
    var isRegular: Bool

    /// The facts of `path`, or nil when nothing is there.
    static func of(_ path: String) -> FileStat? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileStat(
            size: Int64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec),
            inode: Int64(bitPattern: UInt64(info.st_ino)),
            isRegular: info.st_mode & S_IFMT == S_IFREG)
    }

    /// Whether anything (even a dangling link) is at `path`.
    static func exists(_ path: String) -> Bool { of(path) != nil }
}
