import Catalog
import Fetch
import Foundation

extension Download {
    /// Above this many planned images a terminal download asks first.
    static let confirmImages = 50_000
    /// Above this many planned bytes a terminal download asks first.
    static let confirmBytes: Int64 = 50_000_000_000

    /// Whether a plan is large enough to ask before downloading.
    static func needsConfirmation(_ plan: DiscoveryPlan) -> Bool {
        plan.images > confirmImages || plan.bytes > confirmBytes
    }

    /// Plans an area download (tiles only, cached for the download) and, when it is large, shows the plan
    /// and asks on the terminal. Sources that are not areas, and plans that cannot be made (tiles
    /// blocked, `--discovery search`), are not asked about.
    /// - Returns: Whether to go on.
    static func confirm(_ options: DownloadOptions) async -> Bool {
        switch options.source {
        case .bbox, .boxes, .polygon: break
        default: return true
        }
        guard options.discoveryMode.usesTiles,
            let catalog = try? Catalog(folder: options.outDirectory, redacting: options.token),
            let plan = try? await Planner.plan(options, store: catalog),
            needsConfirmation(plan)
        else { return true }
        FileHandleOutput.standardOutput(Plan.render(plan, options: options))
        FileHandleOutput.standardError("This download is large (over \(confirmImages) images or \(confirmBytes / 1_000_000_000) GB). Continue? [y/N] ")
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
