import Foundation

/// The Python environment with the PyPI peers (cleanvision, imagededup) and the script that runs them
/// (`scripts/qa_peers.py`), as `make bench-peers` leaves them.
struct PeerPython {
    /// Where `make bench-peers` puts the environment's interpreter, relative to the package folder.
    static let defaultPython = ".venv-bench/bin/python"

    /// The interpreter.
    let python: String
    /// `scripts/qa_peers.py`.
    let script: String

    /// A process-group member running the script with `arguments`.
    func member(_ arguments: [String]) -> ProcessGroup.Member {
        .init(executable: python, arguments: [script] + arguments)
    }

    /// The interpreter (explicit, else `.venv-bench/bin/python` in the working folder or beside this source
    /// file's package) and the script; nil when either is missing or the interpreter cannot import the peers.
    static func locate(explicit: String?) -> PeerPython? {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let roots = [FileManager.default.currentDirectoryPath, package]
        let pythons = explicit.map { [$0] } ?? roots.map { $0 + "/" + defaultPython }
        guard let python = pythons.first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              let script = roots.map({ $0 + "/scripts/qa_peers.py" }).first(where: { FileManager.default.fileExists(atPath: $0) })
        else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import cleanvision, imagededup, PIL, numpy"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? PeerPython(python: python, script: script) : nil
    }
}
