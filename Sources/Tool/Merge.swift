import ArgumentParser
import Catalog
import Foundation

/// `mly360 merge --out DIR SHARD_DIR…`: one dataset from the folders of `download --shard K/N`.
struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join shard folders (download --shard K/N) into one dataset.",
        discussion: """
            Images and thumbnails are hard-linked into DIR (or moved with --move; copied when a shard is on \
            another device), the catalogues are merged with their download outcomes and check results, and one \
            CSV is written. An image found in two shard folders is refused (exit 6) before anything is written. \
            Merging the same shards again changes nothing.

            Examples:
              mly360 merge --out berlin berlin-1 berlin-2 berlin-3
              mly360 merge --move --out /data/country /scratch/shard-*
            """)

    @Option(help: ArgumentHelp("The merged dataset folder (created when needed).", valueName: "dir"))
    var out: String

    @Flag(help: "Move the files instead of hard-linking them (the shard folders lose their images).")
    var move = false

    @Argument(help: ArgumentHelp("Shard dataset folders.", valueName: "shard-dir"))
    var shards: [String] = []

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("Give at least one shard folder: mly360 merge --out DIR SHARD_DIR…") }
        guard !out.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--out needs a folder.") }
    }

    mutating func run() async throws {
        let summary: CatalogMerge.Summary
        do {
            summary = try CatalogMerge.merge(shards: shards, into: out, mode: move ? .move : .link)
        } catch let conflict as CatalogMerge.Conflict {
            FileHandleOutput.standardError("mly360 merge: \(conflict.message)")
            throw ExitCode(ToolExit.mergeConflict)
        } catch {
            FileHandleOutput.standardError("mly360 merge: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        var lines = ["mly360 merge: \(shards.count) shard folder\(shards.count == 1 ? "" : "s") into \(out)"]
        lines.append("  images added      \(summary.imagesAdded)")
        if summary.imagesAlreadyMerged > 0 { lines.append("  already merged    \(summary.imagesAlreadyMerged)") }
        lines.append("  files \(move ? "moved " : "linked")      \(summary.filesPlaced - summary.filesCopied)")
        if summary.filesCopied > 0 { lines.append("  files copied      \(summary.filesCopied) (another device)") }
        lines.append("  CSV               \(summary.csvPath) (\(summary.csvRows) rows)")
        FileHandleOutput.standardOutput(lines.joined(separator: "\n"))
    }
}
