import ArgumentParser
import Catalog
import Foundation

/// `mly360 split DIR`: a train/val/test split in which no sequence and no near-duplicate group spans two splits.
struct Split: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assign every image of a checked folder to train, val or test without leakage.",
        discussion: """
            Writes the split column of the catalogue and the CSV. Frames of one sequence and members of one \
            near-duplicate group (duplicate_group, from `mly360 check`) always land in the same split, so an \
            evaluation never sees what training saw. Proportions are as close to --ratios as the sizes of those \
            units allow; the achieved shares are printed. The same --seed gives the same split; later checks keep it.

            Examples:
              mly360 split mapillary_images
              mly360 split ~/panos --ratios 0.7,0.15,0.15 --seed 42 --by sequence
            """)

    @Argument(help: ArgumentHelp("The folder (checked or downloaded before).", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("CSV of the folder (default: DIR/mapillary_images_metadata.csv); the catalogue lives beside it.",
                               valueName: "path"))
    var csv: String?

    @Option(help: ArgumentHelp("Train, val and test shares, comma-separated, summing to 1.", valueName: "t,v,t"))
    var ratios = "0.8,0.1,0.1"

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the shuffle (0 or more).", valueName: "n"))
    var seed: Int = 0

    @Option(help: ArgumentHelp("What must stay together: sequence, group, or both (default).", valueName: "key"))
    var by: String = "both"

    func validate() throws {
        _ = try parsedRatios()
        guard seed >= 0 else { throw ValidationError("--seed must be 0 or more, not \(seed).") }
        _ = try keys()
    }

    func parsedRatios() throws -> [Double] {
        let parts = ratios.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let values = parts as? [Double], values.allSatisfy({ $0 >= 0 && $0.isFinite }),
              abs(values.reduce(0, +) - 1) < 1e-6
        else { throw ValidationError("--ratios must be three non-negative shares summing to 1, e.g. 0.8,0.1,0.1, not \(ratios).") }
        return values
    }

    func keys() throws -> Set<SplitPlan.Key> {
        switch by.lowercased() {
        case "both": return Set(SplitPlan.Key.allCases)
        case "sequence": return [.sequence]
        case "group": return [.group]
        default: throw ValidationError("--by must be sequence, group or both, not \(by).")
        }
    }

    mutating func run() async throws {
        let folder = try DatasetFolder.existing(directory, command: "split")
        let session = try DatasetSession(command: "split", root: folder, csvPath: csv ?? CatalogCSV.path(in: folder),
                                         thumbnails: nil)
        let outcome: Catalog.SplitOutcome
        do {
            outcome = try session.catalog.split(SplitPlan(ratios: try parsedRatios(), seed: UInt64(seed), by: try keys()))
        } catch let error as CatalogError {
            FileHandleOutput.standardError("mly360 split: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        guard outcome.total > 0 else {
            session.discardIfEmpty()
            FileHandleOutput.standardOutput("mly360 split: the catalogue of \(folder) holds no images; run mly360 check first.")
            return
        }
        try session.render(command: "split")
        let targets = try parsedRatios()
        var lines = ["mly360 split: \(outcome.total) images (seed \(seed), kept together: \(by))"]
        for (name, target) in zip(SplitPlan.names, targets) {
            let count = outcome.counts[name, default: 0]
            lines.append("  " + name.padding(toLength: 6, withPad: " ", startingAt: 0)
                + String(format: "%6d  %5.1f %%  (target %.1f %%)", count, 100 * Double(count) / Double(outcome.total), 100 * target))
        }
        lines.append("  CSV   \(session.csvPath) (column split)")
        FileHandleOutput.standardOutput(lines.joined(separator: "\n"))
    }
}
