import ArgumentParser
import Catalog
import Fetch
import Foundation

/// `mly360 plan`: what a `download` of an area would fetch, from the coverage tiles, without
/// downloading any image (and without any Graph request).
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Estimate a download of an area: tiles, cells, sequences, 360° images, bytes, requests, time.",
        discussion: """
            Takes the options of `download` (only --bbox and --polygon sources are planned). Reads the \
            coverage tiles, which list every image (exact 360° counts), and caches them in the state \
            database of --out, so the download that follows does not fetch them again. Bytes assume a \
            typical served size per resolution (original ≈ 5 MB); time assumes --tile-rate for tiles \
            and about 1 s per Graph request, --api-concurrency at a time.
            """)

    @OptionGroup var download: Download

    @Flag(help: "Print one JSON object (images, sequences, requests, bytes, seconds, tiles, cached_tiles, cells).")
    var json = false

    mutating func run() async throws {
        let options: DownloadOptions
        do {
            options = try download.downloadOptions()
        } catch let error as PolygonFileError {
            FileHandleOutput.standardError("mly360 plan: \(error.message)")
            throw ExitCode(ToolExit.localIO)
        }
        let code = await Plan.perform(options, json: json)
        if code != ToolExit.completed { throw ExitCode(code) }
    }

    /// Computes and prints the plan; returns the exit code.
    static func perform(_ options: DownloadOptions, json: Bool) async -> Int32 {
        do {
            let catalog = try Catalog(folder: options.outDirectory, redacting: options.token)
            let plan = try await Planner.plan(options, store: catalog)
            FileHandleOutput.standardOutput(json ? render(json: plan) : render(plan, options: options))
            return ToolExit.completed
        } catch let error as CatalogError {
            FileHandleOutput.standardError("mly360 plan: \(error)")
            return ToolExit.localIO
        } catch {
            return Download.exitCode(for: error, command: "plan")
        }
    }

    /// The `--json` object.
    static func render(json plan: DiscoveryPlan) -> String {
        let seconds = (plan.seconds * 10).rounded() / 10
        return #"{"images":\#(plan.images),"sequences":\#(plan.sequences),"requests":\#(plan.requests),"bytes":\#(plan.bytes),"#
            + #""seconds":\#(seconds),"tiles":\#(plan.tiles),"cached_tiles":\#(plan.cachedTiles),"cells":\#(plan.cells),"#
            + #""expanded_images":\#(plan.expandedImages)}"#
    }

    /// The human-readable plan.
    static func render(_ plan: DiscoveryPlan, options: DownloadOptions) -> String {
        let kind = options.includeFlat ? "images" : "360° images"
        let gigabytes = Double(plan.bytes) / 1e9
        var lines = ["plan (\(options.source.key), --discovery \(options.discoveryMode.rawValue))"]
        lines.append("  tiles       \(plan.tiles) z14 coverage tiles (\(plan.cachedTiles) cached), at most \(options.tileRate)/min")
        if plan.cells > 0 { lines.append("  cells       \(plan.cells) search cells (each probed once; rationing splits add more)") }
        lines.append("  sequences   \(plan.sequences)")
        lines.append("  images      \(plan.images) \(kind) in the area (exact, from the tiles); \(plan.expandedImages) in their sequences")
        lines.append("  bytes       about \(String(format: "%.2f", gigabytes)) GB at \(options.resolution.rawValue)")
        lines.append("  requests    about \(plan.requests) (tiles not cached, cells, one /image_ids per sequence, one batch per 50 images)")
        lines.append("  time        about \(Int(plan.seconds.rounded(.up))) s of API time at this pacing (downloads not included)")
        return lines.joined(separator: "\n")
    }
}
