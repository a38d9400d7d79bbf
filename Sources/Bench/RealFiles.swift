import Foundation

/// The real test panoramas from ../shared/testdata/real.
enum RealFiles {
    /// The two 16-MP panoramas the speed corpus is made of.
    static let speedCorpus = ["GSAG2002.JPG", "R0014760.JPG"]

    /// The `testdata/real` folder: the explicit one, else `../shared/testdata/real` from the working directory,
    /// else the same relative to this source file's repository. Nil when none has a `pano` folder.
    static func locate(explicit: String?) -> String? {
        let sourceRepo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let candidates = explicit.map { [$0] } ?? [
            FileManager.default.currentDirectoryPath + "/../shared/testdata/real",
            sourceRepo + "/../shared/testdata/real",
        ]
        return candidates.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.first {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0 + "/pano", isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
