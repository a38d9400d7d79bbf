#if canImport(Glibc)
import Glibc
#endif

/// Lexical path arithmetic (no symlink resolution), so CSV paths stay exactly as users wrote their folders.
enum PathMath {
    /// `path` made absolute against the working directory and normalised (`.` and `..` folded).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return JPEGFileFinder.normalized(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
        return JPEGFileFinder.normalized(cwd + "/" + path)
    }

    /// The folder holding `path` (`/` for top-level entries).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// The last path component without its extension.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// `path` relative to `folder` (both absolute), using `..` where needed.
    static func relative(_ path: String, from folder: String) -> String {
        let target = path.split(separator: "/")
        let base = folder.split(separator: "/")
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    /// `folder/name` (no doubled slash).
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Whether `path` is `folder` or lies below it (both absolute and normalised).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// A CSV `filename` value resolved against the CSV's folder.
    static func resolve(_ filename: String, in folder: String) -> String {
        filename.hasPrefix("/") ? JPEGFileFinder.normalized(filename) : JPEGFileFinder.normalized(folder + "/" + filename)
    }
}
