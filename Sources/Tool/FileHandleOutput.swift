import Foundation

/// Writes to the standard streams without the C globals Swift 6 rejects.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// True when the stream is a terminal (progress bars only then; plain lines otherwise).
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}
