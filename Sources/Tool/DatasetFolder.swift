import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The dataset folder a command works on, as given: trailing slashes dropped, and required to exist.
enum DatasetFolder {
    /// `directory` without trailing slashes; exits 3 with the reason when it is not a readable folder.
    /// - Parameter command: The command's name, for the message.
    static func existing(_ directory: String, command: String) throws -> String {
        var folder = directory
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        var info = stat()
        let reason: String? = stat(folder, &info) != 0 ? String(cString: strerror(errno))
            : (info.st_mode & S_IFMT == S_IFDIR ? nil : "not a folder")
        if let reason {
            FileHandleOutput.standardError("mly360 \(command): cannot read the folder '\(folder)': \(reason)")
            throw ExitCode(ToolExit.localIO)
        }
        return folder
    }
}
