import ArgumentParser
import Foundation
import Imaging

/// `mly360 check DIR`: verify every JPEG below a folder and merge the results into the metadata CSV.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every JPEG below a folder and merge the results into its metadata CSV (offline).",
        discussion: """
            For each .jpg/.jpeg (any case, recursively; the thumbnails folder is skipped) mly360 decodes every \
            byte with libjpeg-turbo (ok, damaged or unreadable), reads EXIF (libexif) and GPano XMP, decides \
            whether the image really is an equirectangular 360° panorama, computes SHA-256 and writes a \
            thumbnail — all in one pass over the file.

            Results are merged into the CSV: existing rows and columns stay as they are, the QA columns \
            (file_size … thumbnail, see the README) are replaced or appended, rows match files by their \
            `filename` column, new images are appended, rows whose file is gone get jpeg_status=missing. \
            The CSV is replaced atomically.

            Examples:
              mly360 check mapillary_images
              mly360 check ~/panos --csv ~/panos/index.csv --no-thumbnails --strict
              mly360 check ~/panos --json | jq .statuses
            """
    )

    @Argument(help: ArgumentHelp("Folder of images.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("CSV to merge into (default: DIR/mapillary_images_metadata.csv).", valueName: "path"))
    var csv: String?

    @Option(help: ArgumentHelp("Thumbnails folder (default: DIR/thumbnails).", valueName: "dir"))
    var thumbnails: String?

    @OptionGroup var check: CheckOptionGroup

    @Flag(help: "Exit 1 when any file is not ok or not a confirmed/partial panorama.")
    var strict = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    mutating func run() async throws {
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let run = CheckRun(
            directory: folder, csvPath: csv,
            thumbnailDirectory: check.noThumbnails ? nil : (thumbnails ?? folder + "/thumbnails"),
            options: check.checkOptions, jobs: check.jobs)
        // Ctrl-C stops taking files; the ones checked are still merged into the CSV (exit 130).
        let interrupt = InterruptHandler()
        defer { interrupt.restore() }
        let json = json
        let task = Task { try await Self.perform(run, json: json) }
        interrupt.onInterrupt { task.cancel() }
        let summary = try await task.value
        if interrupt.fired { throw ExitCode(ToolExit.interrupted) }
        if strict, summary.strictFailure { throw ExitCode(ToolExit.strictFailure) }
    }

    /// Runs a check with progress and prints its summary; also the last step of `mly360 download`.
    static func perform(_ run: CheckRun, json: Bool) async throws -> CheckSummary {
        let reporter = ProgressReporter()
        let summary: CheckSummary
        do {
            summary = try await run.run { progress in
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
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = (try? encoder.encode(summary)) ?? Data("{}".utf8)
            FileHandleOutput.standardOutput(String(decoding: data, as: UTF8.self))
        } else {
            FileHandleOutput.standardOutput(CheckSummaryText.render(summary))
        }
        return summary
    }
}
