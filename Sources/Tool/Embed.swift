import ArgumentParser
import Catalog
import Foundation

/// `mly360 embed DIR`: writes the catalogue's GPS, time, heading, camera, id and GPano into downloaded files.
struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write GPS, capture time, heading, camera and GPano into downloaded panoramas, losslessly.",
        discussion: """
            Mapillary's CDN serves JPEGs without EXIF or XMP. This writes the catalogue's values into each \
            downloaded file: EXIF GPS position (the one the CSV uses), altitude, image direction, date and time \
            (UTC), make, model and ImageUniqueID (the Mapillary id); XMP with xmp:CreatorTool and mapillary:ImageId, \
            Sequence and Creator; and GPano (equirectangular, full sphere = the file's own pixel size, heading) \
            only for images that are full spheres by their pixels: 2:1 and, once checked, projection_pixels = \
            consistent. A frame the API calls 360° but whose pixels are 4:3 gets EXIF, never GPano.

            Lossless: the new segments go after SOI/APP0; a file's own EXIF and XMP are kept (its values win) and \
            merged, never duplicated; the compressed image data is copied, never re-encoded. Each file is written \
            to a temporary name, fsynced and renamed. The CSV keeps served_sha256 (the bytes as served) next to \
            sha256 (the file now) and an embedded column; a later download never fetches an embedded file again. \
            Running it twice changes nothing. Check afterwards to read the GPano back (download --embed-metadata \
            does that itself).

            Examples:
              mly360 embed mapillary_images
              mly360 check mapillary_images && mly360 embed mapillary_images && mly360 check mapillary_images
              exiftool -n -GPSLatitude -GPSLongitude -ProjectionType mapillary_images/123.jpg
            """)

    @Argument(help: ArgumentHelp("The folder downloaded before.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("CSV of the folder (default: DIR/mapillary_images_metadata.csv); the catalogue lives beside it.",
                               valueName: "path"))
    var csv: String?

    @Flag(help: "Exit 1 when any file could not be embedded.")
    var strict = false

    @Flag(help: "Print the summary as JSON (snake_case keys).")
    var json = false

    @OptionGroup var logging: LoggingOptions

    mutating func run() async throws {
        let folder = try DatasetFolder.existing(directory, command: "embed")
        let session = try DatasetSession(command: "embed", root: folder, csvPath: csv ?? CatalogCSV.path(in: folder),
                                         thumbnails: nil)
        let interrupt = InterruptHandler()
        defer { interrupt.restore() }
        let summary = try await Self.perform(session: session, logging: logging, command: "embed", interrupt: interrupt)
        try session.render(command: "embed")
        Self.print(summary, json: json, command: "embed")
        if summary.interrupted { throw ExitCode(ToolExit.interrupted) }
        if strict && !summary.problems.isEmpty { throw ExitCode(ToolExit.strictFailure) }
    }

    /// Runs the embedding over the session's folder; Ctrl-C stops it after the current file (which is complete).
    static func perform(session: DatasetSession, logging: LoggingOptions, command: String,
                        interrupt: InterruptHandler) async throws -> EmbedSummary {
        let run = DatasetEmbed(directory: session.root, logger: logging.logger("mly360.embed"))
        let catalog = session.catalog
        let task = Task { () throws -> EmbedSummary in try run.run(catalog: catalog) }
        interrupt.onInterrupt { task.cancel() }
        do {
            return try await task.value
        } catch {
            FileHandleOutput.standardError("mly360 \(command): \(error)")
            throw ExitCode(ToolExit.localIO)
        }
    }

    /// The summary lines (or JSON).
    static func print(_ summary: EmbedSummary, json: Bool, command: String) {
        if json {
            let object: [String: Any] = [
                "embedded": summary.embedded, "unchanged": summary.unchanged, "with_gpano": summary.withGPano,
                "skipped": summary.skipped, "interrupted": summary.interrupted,
                "without_gpano": summary.withoutGPano.map { ["file": $0.file, "reason": $0.message] },
                "problems": summary.problems.map { ["file": $0.file, "message": $0.message] },
            ]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                FileHandleOutput.standardOutput(String(decoding: data, as: UTF8.self))
            }
            return
        }
        var lines = ["mly360 \(command): metadata embedded into \(summary.embedded) file\(summary.embedded == 1 ? "" : "s"), "
            + "\(summary.unchanged) already had it; \(summary.withGPano) carry GPano"
            + (summary.skipped > 0 ? "; \(summary.skipped) image\(summary.skipped == 1 ? "" : "s") without a downloaded file or Mapillary metadata left alone" : "")]
        if !summary.withoutGPano.isEmpty {
            lines.append("  without GPano (\(summary.withoutGPano.count)): "
                + summary.withoutGPano.prefix(5).map { "\($0.file): \($0.message)" }.joined(separator: "; ")
                + (summary.withoutGPano.count > 5 ? "; …" : ""))
        }
        for problem in summary.problems.prefix(10) { lines.append("  ! \(problem.file): \(problem.message)") }
        if summary.interrupted { lines.append("  interrupted: run it again to embed the rest") }
        FileHandleOutput.standardOutput(lines.joined(separator: "\n"))
    }
}
