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
              mly360 download --bbox 13.40,52.51,13.42,52.52 --out berlin
                  every 360° image in the box, checked, with a metadata CSV
              mly360 plan --bbox 13.40,52.51,13.42,52.52 --out berlin
                  what that download would fetch (exact 360° count, bytes, requests, time)
              mly360 check berlin
                  offline: which files are broken, which are real panoramas?
              mly360 inspect berlin/1234567890.jpg
                  everything about one file
              mly360 split berlin --ratios 0.8,0.1,0.1
                  train/val/test without a sequence or a near-duplicate in two splits
              mly360 export berlin --format gpkg
                  GeoPackage (or GeoJSON, typed CSV) for QGIS, GDAL, geopandas
              mly360 report berlin
                  an offline HTML review page: summary, map, worst-first gallery
              mly360 embed berlin
                  GPS, time, heading and GPano written into the files, losslessly
              mly360 merge --out berlin berlin-1 berlin-2 berlin-3
                  one dataset from the folders of download --shard 1/3, 2/3, 3/3

            Exit codes: 0 completed, 1 --strict found a problem (or discovery could
            not finish: run again to resume), 2 usage error,
            3 local I/O error, 4 Mapillary rejected the token, 5 the API cannot be
            reached at all, 6 merge refused (an image in two shards), 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [Download.self, Plan.self, Check.self, Inspect.self, Split.self, Report.self, Export.self, Embed.self, Merge.self]
    )

    /// Entry point: runs ``execute(_:)`` with the process arguments and exits with its code.
    static func main() async {
        Glibc.exit(await execute(Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses and runs one command line, printing what ArgumentParser would print, and returns the exit code.
    ///
    /// Usage errors map to 2 (scripts rely on the documented codes; ArgumentParser's own default is 64).
    /// Commands report their outcomes by throwing `ExitCode`. Tests call this in-process.
    static func execute(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ToolExit.completed
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { FileHandleOutput.standardOutput(message) }
                return ToolExit.completed
            }
            if !message.isEmpty { FileHandleOutput.standardError(message) }
            return code == .validationFailure ? ToolExit.usage : code.rawValue
        }
    }
}
