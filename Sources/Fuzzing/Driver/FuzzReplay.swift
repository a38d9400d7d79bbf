import Foundation
import Imaging

/// Replays inputs through a ``FuzzTarget`` in an ordinary build (no libFuzzer): the reproducer of a crash
/// that `make fuzz` printed, or a whole corpus folder.
struct FuzzReplay {
    /// The parser the inputs go to.
    let target: FuzzTarget

    /// Runs every file named in `arguments` (folders: every regular file inside, sorted); arguments that
    /// start with `-` (libFuzzer flags) are ignored.
    /// - Returns: The exit status: 0 when every input ran, 2 when one could not be read or none was named.
    func run(_ arguments: [String]) -> Int32 {
        let paths = arguments.filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: Fuzz<Name> FILE|FOLDER… (replays inputs through the \(target.rawValue) target)\n".utf8))
            return 2
        }
        var status: Int32 = 0
        var count = 0
        for path in paths.flatMap(files(at:)) {
            // The project's one file reader (FileManager leaks on empty files, and libFuzzer writes empty inputs).
            let data: [UInt8]
            switch ImageChecker.readFile(path) {
            case .success(let bytes): data = bytes
            case .failure(let failure):
                FileHandle.standardError.write(Data("\(path): cannot be read (\(failure.message))\n".utf8))
                status = 2
                continue
            }
            let started = ContinuousClock.now
            target.run(data)
            count += 1
            print("\(target.rawValue): \(path): \(data.count) bytes, ran in \(ContinuousClock.now - started)")
        }
        print("\(target.rawValue): \(count) input(s) replayed")
        return status
    }

    /// The file itself, or the regular files inside a folder (sorted).
    private func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return [path] }
        return names.sorted().map { path + "/" + $0 }.filter {
            var inner: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &inner) && !inner.boolValue
        }
    }
}
