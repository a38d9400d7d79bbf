import Foundation

/// Finds the programs the benchmark runs: peers on PATH, and `mly360` next to the benchmark itself.
enum ToolLocator {
    /// The first executable named `name` on PATH, trying `preferred` locations first; nil when there is none.
    static func find(_ name: String, preferred: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = preferred + path.split(separator: ":").map { "\($0)/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// ImageMagick's own binary. /usr/local/bin may hold a stand-in script that forwards to /usr/bin, so the
    /// real one is preferred (the stand-in would add an interpreter start to every call).
    static func imageMagick(_ name: String) -> String? {
        find(name, preferred: ["/usr/bin/\(name)"])
    }

    /// The folder holding the running executable (resolved through /proc/self/exe, else argv[0]).
    static var ownFolder: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return (resolved as NSString).deletingLastPathComponent
        }
        let argv0 = CommandLine.arguments.first ?? "."
        let absolute = argv0.hasPrefix("/") ? argv0 : FileManager.default.currentDirectoryPath + "/" + argv0
        return (absolute as NSString).deletingLastPathComponent
    }

    /// `mly360`: the explicit path if given, else the one beside this benchmark, else PATH.
    static func mly360(explicit: String?) -> String? {
        if let explicit { return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil }
        let beside = ownFolder + "/mly360"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return find("mly360")
    }
}
