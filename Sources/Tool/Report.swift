import ArgumentParser
import Catalog
import Foundation

/// `mly360 report DIR`: an offline HTML review page of a checked or downloaded folder.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an offline HTML review page of a folder: summary, map, and a worst-first gallery.",
        discussion: """
            Reads the folder's catalogue (run mly360 check or download first; a CSV from elsewhere is imported) \
            and writes one self-contained page: counts per JPEG status, verdict, download status and QA flag \
            (each count filters the gallery), a map of every located image with its sequences (drag, wheel, \
            click a mark), and image cards with thumbnails, worst first, 48 per page, searchable by id, file name \
            or creator. Everything is inline and nothing is fetched from the network; thumbnails are referenced \
            relative to the page, so zip the folder and open it anywhere (Chromium, Firefox).

            Examples:
              mly360 report mapillary_images                 # -> mapillary_images/report.html
              mly360 report ~/panos --out ~/review/panos.html --title "Berlin, May"
            """)

    @Argument(help: ArgumentHelp("The folder (checked or downloaded before).", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("CSV of the folder (default: DIR/mapillary_images_metadata.csv); the catalogue lives beside it.",
                               valueName: "path"))
    var csv: String?

    @Option(help: ArgumentHelp("Where the page goes (default: DIR/report.html).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("The page's title (default: the folder's name).", valueName: "text"))
    var title: String?

    @Flag(help: "Print the outcome as JSON (snake_case keys) instead of a sentence.")
    var json = false

    mutating func run() async throws {
        let folder = try DatasetFolder.existing(directory, command: "report")
        let page = out ?? (folder as NSString).appendingPathComponent(ReportPage.fileName)
        do {
            try OutputProbe.folder((page as NSString).deletingLastPathComponent.isEmpty ? "." : (page as NSString).deletingLastPathComponent,
                                   create: true)
            try OutputProbe.csv(page)
        } catch {
            FileHandleOutput.standardError("mly360 report: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        let session = try DatasetSession(command: "report", root: folder, csvPath: csv ?? CatalogCSV.path(in: folder),
                                         thumbnails: nil)
        let start = ContinuousClock.now
        let outcome: ReportOutcome
        do {
            guard try session.catalog.recordCount() > 0 else {
                session.discardIfEmpty()
                FileHandleOutput.standardOutput("mly360 report: the catalogue of \(folder) holds no images; run mly360 check or download first.")
                return
            }
            let name = title ?? URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
            outcome = try ReportPage.write(session.catalog, root: folder, to: page, title: name)
        } catch {
            FileHandleOutput.standardError("mly360 report: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if json {
            let object: [String: Any] = ["path": outcome.path, "images": outcome.images, "located": outcome.located,
                                         "bytes": outcome.bytes, "seconds": (seconds * 1000).rounded() / 1000]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            FileHandleOutput.standardOutput(String(decoding: data, as: UTF8.self))
        } else {
            for note in session.notes { FileHandleOutput.standardOutput("mly360 report: " + note) }
            FileHandleOutput.standardOutput(String(format: "mly360 report: %d images (%d on the map) -> %@ (%.1f MB) in %.1f s",
                                                   outcome.images, outcome.located, outcome.path, Double(outcome.bytes) / 1e6, seconds))
        }
    }
}
