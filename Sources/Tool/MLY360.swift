import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

@main
struct MLY360: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mly360",
        abstract: "Fetch, verify and catalogue Mapillary 360° panoramas.",
        discussion: """
            Typical use:
              mly360 download --bbox 13.40,52.51,13.42,52.52 --out berlin     # every 360° image in the box
              mly360 check berlin                                            # offline: which files are broken?
              mly360 inspect berlin/1234567890.jpg                           # everything about one file

            Exit codes: 0 completed · 1 --strict found a problem · 2 usage error · 3 local I/O error ·
            4 Mapillary rejected the token · 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [Download.self, Check.self, Inspect.self]
    )

    /// Runs the command, mapping argument errors to exit code 2 (scripts rely on the documented codes;
    /// ArgumentParser's default for usage errors is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error.mappingUsageErrors)
        }
    }
}

extension Error {
    /// ArgumentParser reports usage errors with `EX_USAGE` (64); mly360 documents 2.
    fileprivate var mappingUsageErrors: any Error {
        if let code = self as? ExitCode { return code }
        if MLY360.exitCode(for: self) == .validationFailure {
            FileHandleOutput.standardError(MLY360.fullMessage(for: self))
            return ExitCode(ToolExit.usage)
        }
        return self
    }
}
