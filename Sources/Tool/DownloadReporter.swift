import Fetch
import Foundation

/// Progress lines and the final summary of `mly360 download`.
struct DownloadReporter: Sendable {
    /// Draws the progress line (in place on a terminal, plain periodic lines otherwise).
    let progress: ProgressReporter

    /// Offers a progress snapshot to the reporter.
    func show(_ snapshot: DownloadProgress) {
        progress.update(DownloadReporter.line(snapshot))
    }

    /// Clears the progress line.
    func finish() {
        progress.finish()
    }

    /// One progress line, for example
    /// `discovery: 12/40 cells · 3/7 sequences · 120 found | 45/120 images · 12.3 MB · 4.5 MB/s · ETA 30 s`.
    static func line(_ p: DownloadProgress) -> String {
        var parts: [String] = []
        if let d = p.discovery, p.phase == .discovery || p.phase == .resuming {
            var text = "discovery"
            if d.cellsTotal > 0 { text += ": \(d.cellsDone)/\(d.cellsTotal) cells" }
            if d.sequencesTotal > 0 { text += (text.hasSuffix("discovery") ? ": " : " · ") + "\(d.sequencesDone)/\(d.sequencesTotal) sequences" }
            text += (text.hasSuffix("discovery") ? ": " : " · ") + "\(d.imagesFound) found"
            parts.append(text)
        } else if p.phase == .discovery {
            parts.append("discovery")
        }
        var download = "\(p.imagesDone)/\(p.imagesTotal) images · \(ProgressReporter.bytes(Int(p.bytes)))"
        download += String(format: " · %.1f MB/s", p.megabytesPerSecond)
        if let eta = p.etaSeconds { download += " · ETA \(ProgressReporter.duration(eta))" }
        parts.append(download)
        return parts.joined(separator: " | ")
    }

    /// The summary printed when the download ends.
    static func render(_ s: DownloadSummary, options: DownloadOptions) -> String {
        var lines: [String] = []
        let time = ProgressReporter.duration(s.seconds)
        if s.interrupted {
            lines.append("mly360 download: interrupted after \(time); \(s.pending) image\(s.pending == 1 ? " was" : "s were") left; run the same command again to resume.")
        } else {
            lines.append("mly360 download: finished in \(time).")
        }
        lines.append("  found       \(s.found) image\(s.found == 1 ? "" : "s") in \(options.outDirectory) (\(s.discovered) new in this run)")
        if !options.metadataOnly || s.downloaded > 0 {
            lines.append(String(format: "  downloaded  %d (%@, %.1f images/s, %.1f MB/s)", s.downloaded,
                                ProgressReporter.bytes(Int(s.bytes)), s.imagesPerSecond, s.megabytesPerSecond))
        }
        lines.append("  present     \(s.present) (already there and verified, not downloaded again)")
        lines.append("  failed      \(s.failed)" + breakdown(s.failedByReason))
        let skipped = s.skippedByReason.values.reduce(0, +)
        lines.append("  skipped     \(skipped) by discovery" + breakdown(s.skippedByReason))
        if s.pending > 0 {
            lines.append("  pending     \(s.pending)" + (options.metadataOnly ? " (--metadata-only)" : " (not reached; a rerun continues)"))
        }
        if let reused = s.discoveryReusedFrom {
            lines.append("  discovery   reused: it ran at \(reused.formatted(Date.ISO8601FormatStyle())) (--refresh looks for images uploaded since)")
        }
        if s.otherImages > 0 {
            lines.append("  folder      \(s.otherImages) more image\(s.otherImages == 1 ? "" : "s") of other sources (kept in the CSV, not counted above)")
        }
        let d = s.discovery
        lines.append("  discovery   \(d.requests) API requests, \(d.cells) cells (\(d.splits) split), \(d.sequences) sequences")
        if d.tiles > 0 || d.tilesStopped != nil || d.searchSequences > 0 {
            lines.append("  sources     tiles named \(d.tileSequences) sequences (\(d.tiles) tiles), search named \(d.searchSequences)")
        }
        if let stopped = d.tilesStopped {
            lines.append("  warning     tile discovery stopped (\(stopped)); search cells covered the area")
        }
        if let error = s.discoveryError {
            lines.append("  warning     discovery stopped early: \(error) Run the same command again to resume.")
        }
        lines.append("  csv         \(s.csvPath)")
        for note in s.notes { lines.append("  note        \(note)") }
        if !s.failureExamples.isEmpty {
            lines.append("  failures\(s.failed > s.failureExamples.count ? " (first \(s.failureExamples.count))" : ""):")
            for failure in s.failureExamples { lines.append("    \(failure.id): \(failure.reason)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `: a 3, b 1` sorted by count, or "".
    static func breakdown(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let items = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ": " + items.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
