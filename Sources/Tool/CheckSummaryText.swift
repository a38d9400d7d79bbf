import Catalog
import Foundation
import Imaging

/// The human-readable end-of-run summary of `mly360 check`.
enum CheckSummaryText {
    /// How many problem files are listed by name (all of them are in the CSV).
    static let listedProblems = 20

    static func render(_ summary: CheckSummary) -> String {
        var lines: [String] = []
        if summary.interrupted {
            lines.append("mly360 check: interrupted; \(summary.remaining) file\(summary.remaining == 1 ? " was" : "s were") left "
                + "unchecked (run the same command again to continue).")
        }
        lines.append(String(format: "Checked %d file%@ in %@ (%.1f images/s, %@); %d unchanged since their last check, reused",
                            summary.checked, summary.checked == 1 ? "" : "s", ProgressReporter.duration(summary.seconds),
                            summary.imagesPerSecond, ProgressReporter.bytes(summary.bytes), summary.reused))
        lines.append("  jpeg_status      " + counts(summary.statuses, order: JPEGStatus.allCases.map(\.rawValue)))
        lines.append("  equirectangular  " + counts(summary.verdicts, order: EquirectangularVerdict.allCases.map(\.rawValue)))
        lines.append("  CSV              \(summary.csvPath) (\(summary.found) images found, \(summary.added) new, \(summary.missing) missing)")
        if let thumbnails = summary.thumbnailDirectory {
            lines.append("  thumbnails       \(thumbnails) (\(summary.thumbnails) written)")
        }
        for note in summary.notes { lines.append("  note: \(note)") }
        if !summary.problems.isEmpty {
            lines.append("Problems (\(summary.problems.count)):")
            for problem in summary.problems.prefix(listedProblems) {
                lines.append("  \(problem.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(problem.file): \(problem.message)")
            }
            if summary.problems.count > listedProblems {
                lines.append("  … and \(summary.problems.count - listedProblems) more: see jpeg_status in the CSV")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func counts(_ counts: [String: Int], order: [String]) -> String {
        let parts = order.compactMap { key in counts[key].flatMap { $0 > 0 ? "\(key) \($0)" : nil } }
        return parts.isEmpty ? "none" : parts.joined(separator: " · ")
    }
}
