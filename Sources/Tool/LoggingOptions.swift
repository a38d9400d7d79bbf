import ArgumentParser
import Logging

/// `--verbose`, shared by the commands: retries, splits, fallbacks and skipped files on standard error.
struct LoggingOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Log retries, cell splits, fallbacks and skipped files on standard error.")
    var verbose = false

    /// A logger that writes to standard error at `info` with `--verbose`, and drops everything otherwise.
    func logger(_ label: String) -> Logger {
        let verbose = verbose
        return Logger(label: label) { name in
            guard verbose else { return SwiftLogNoOpLogHandler() }
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = .info
            return handler
        }
    }
}
