import ArgumentParser
import Catalog
import Foundation
import Imaging

/// `mly360 check DIR`: verify every JPEG below a folder into its catalogue and render the metadata CSV.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every JPEG below a folder and record the results in its catalogue and CSV (offline).",
        discussion: """
            For each .jpg/.jpeg (any case, recursively; the thumbnails folder and hidden folders are never \
            scanned) mly360 decodes every byte with libjpeg-turbo (ok, damaged or unreadable), reads EXIF \
            (libexif) and GPano XMP, decides whether the image really is an equirectangular 360° panorama, \
            computes SHA-256 and writes a thumbnail — all in one pass over the file.

            Incremental: a file whose size, modification time and inode are unchanged since its last check \
            is not read again (--force re-checks everything). Results live in DIR/.mly360/state.sqlite (beside \
            the CSV); the CSV is rendered from it, atomically, with one row per image. Columns and rows of a \
            CSV you already had (an older mly360, the old Python script, your own labels) are imported once \
            and written back unchanged. Files that are gone get jpeg_status=missing.

            Examples:
              mly360 check mapillary_images
              mly360 check ~/panos --csv ~/panos/index.csv --no-thumbnails --strict
              mly360 check ~/panos --json | jq .statuses
            """
    )

    @Argument(help: ArgumentHelp("Folder of images.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The CSV (default: DIR/mapillary_images_metadata.csv); the catalogue lives beside it in .mly360/.",
                               valueName: "path"))
    var csv: String?

    @Option(help: ArgumentHelp("Thumbnails folder (default: DIR/thumbnails); never scanned as images.", valueName: "dir"))
    var thumbnails: String?

    @OptionGroup var check: CheckOptionGroup

    @Flag(help: "Re-check every file, also the ones unchanged since their last check.")
    var force = false

    @Flag(help: "Exit 1 when any file is not ok or not a confirmed/partial panorama.")
    var strict = false

    @Flag(help: "Print the summary as JSON on standard output (snake_case keys).")
    var json = false

    @OptionGroup var logging: LoggingOptions

    mutating func run() async throws {
        let folder = try DatasetFolder.existing(directory, command: "check")
        let thumbnailFolder = check.noThumbnails ? nil : (thumbnails ?? DatasetCheck.defaultThumbnailDirectory(in: folder))
        let session = try DatasetSession(command: "check", root: folder, csvPath: csv ?? CatalogCSV.path(in: folder),
                                         thumbnails: thumbnailFolder)
        let run = DatasetCheck(directory: folder, thumbnailDirectory: thumbnailFolder, options: check.checkOptions,
                               jobs: check.jobs, force: force, logger: logging.logger("mly360.check"))
        // Ctrl-C stops taking files; the ones checked are still recorded and rendered (exit 130).
        let interrupt = InterruptHandler()
        defer { interrupt.restore() }
        let task = Task { try await Self.perform(run, session: session) }
        interrupt.onInterrupt { task.cancel() }
        var summary = try await task.value
        if summary.found == 0, try session.catalog.recordCount() == 0 {
            session.discardIfEmpty()
            if let thumbnailFolder { rmdir(thumbnailFolder) }  // only if the probe left it empty
            FileHandleOutput.standardOutput("mly360 check: no JPEG files found in \(folder) (nothing written).")
            return
        }
        try session.render(command: "check")
        summary.notes = session.notes + summary.notes
        Self.print(summary, json: json)
        if interrupt.fired { throw ExitCode(ToolExit.interrupted) }
        if strict, summary.strictFailure { throw ExitCode(ToolExit.strictFailure) }
    }

    /// Runs a check with progress; also the last step of `mly360 download`.
    static func perform(_ run: DatasetCheck, session: DatasetSession) async throws -> CheckSummary {
        let reporter = ProgressReporter()
        var summary: CheckSummary
        do {
            summary = try await run.run(catalog: session.catalog) { progress in
                let rate = progress.seconds > 0 ? Double(progress.done) / progress.seconds : 0
                let eta = rate > 0 ? Double(progress.total - progress.done) / rate : .nan
                reporter.update(String(format: "checking %d/%d images · %.1f images/s · %@ · ETA %@",
                                       progress.done, progress.total, rate,
                                       ProgressReporter.bytes(progress.bytes), ProgressReporter.duration(eta)))
            }
        } catch {
            reporter.finish()
            FileHandleOutput.standardError("mly360 check: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        reporter.finish()
        summary.csvPath = session.csvPath
        return summary
    }

    /// Prints a check summary as text or JSON.
    static func print(_ summary: CheckSummary, json: Bool) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = (try? encoder.encode(summary)) ?? Data("{}".utf8)
            FileHandleOutput.standardOutput(String(decoding: data, as: UTF8.self))
        } else {
            FileHandleOutput.standardOutput(CheckSummaryText.render(summary))
        }
    }
}
