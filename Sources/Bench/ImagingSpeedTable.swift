import Foundation
import Catalog
import Imaging

/// Prints the speed table of part 1 and the two ratios the issue sets targets for.
struct ImagingSpeedTable {
    let report: Report
    let imageCount: Int
    let contenders: [ImagingBenchmark.Contender]
    /// Where the last repetition of mly360 check left its CSV and thumbnails (to show it did the whole job).
    let mly360Output: (csv: String, thumbnails: String)

    func print() {
        report.line()
        var rows = [["tool", "setup", "wall s (median)", "min s", "images/s", "CPU s", "CPU ms/image", "peak RSS MB"]]
        for contender in contenders {
            let samples = contender.samples
            rows.append([
                contender.name, contender.setup,
                String(format: "%.3f", samples.median), String(format: "%.3f", samples.minimum),
                String(format: "%.1f", Double(imageCount) / samples.median), String(format: "%.2f", samples.medianCPU),
                String(format: "%.1f", samples.medianCPU * 1000 / Double(imageCount)), String(format: "%.1f", samples.peakMB),
            ])
        }
        report.table(rows)
        report.line("  (CPU s = user + system of all its processes, median; peak RSS by GNU time %M, for a multi-process "
            + "setup the sum of its processes' peaks)")
        for contender in contenders where !contender.samples.failures.isEmpty {
            report.line("  ! \(contender.name) (\(contender.setup)) failed \(contender.samples.failures.count)× — "
                + (contender.samples.failures.first ?? ""))
        }
        printMly360Output()
        printRatios()
    }

    /// Counts what mly360 check produced, so the reader can see it did verify, read and thumbnail every file.
    private func printMly360Output() {
        let thumbnails = (try? FileManager.default.contentsOfDirectory(atPath: mly360Output.thumbnails))?
            .filter { $0.lowercased().hasSuffix(".jpg") }.count ?? 0
        var rows = 0
        var ok = 0
        var confirmed = 0
        var withSHA = 0
        if let reader = try? CSVReader(path: mly360Output.csv), let header = try? reader.next() {
            let status = header.firstIndex(of: "jpeg_status")
            let verdict = header.firstIndex(of: "equirectangular")
            let sha = header.firstIndex(of: "sha256")
            while let row = try? reader.next() {
                rows += 1
                if let status, status < row.count, row[status] == "ok" { ok += 1 }
                if let verdict, verdict < row.count, row[verdict] == "confirmed" { confirmed += 1 }
                if let sha, sha < row.count, row[sha].count == 64 { withSHA += 1 }
            }
        }
        report.line("  mly360 check output (last repetition): \(rows) CSV rows, \(ok) jpeg_status=ok, "
            + "\(confirmed) equirectangular=confirmed, \(withSHA) with a SHA-256, \(thumbnails) thumbnails "
            + "(\(imageCount) images)")
    }

    private func printRatios() {
        let mly = contenders.first { $0.name.hasPrefix("mly360") }?.samples
        let vips = contenders.filter { $0.name.hasPrefix("vipsthumbnail") }.min { $0.samples.median < $1.samples.median }
        let jpeginfo = contenders.first { $0.name.hasPrefix("jpeginfo") }?.samples
        let exiftool = contenders.first { $0.name.hasPrefix("exiftool") }?.samples
        report.line()
        report.line("Ratios (wall time, median; lower is better for mly360):")
        guard let mly else { return }
        if let vips {
            let ratio = mly.median / vips.samples.median
            report.line(String(format: "  mly360 / vipsthumbnail              = %.3f / %.3f = %.2f   target ≤ 0.90  %@   (fastest vips setup: %@; on min times: %.2f)",
                               mly.median, vips.samples.median, ratio, ratio <= 0.9 ? "PASS" : "MISS", vips.setup,
                               mly.minimum / vips.samples.minimum))
        } else {
            report.line("  mly360 / vipsthumbnail: not measured (vipsthumbnail not installed; run make setup)")
        }
        if let jpeginfo, let exiftool {
            let peers = jpeginfo.median + exiftool.median
            let ratio = mly.median / peers
            report.line(String(format: "  mly360 / (jpeginfo -c + exiftool)   = %.3f / %.3f = %.2f   target ≤ 1.00  %@   (on min times: %.2f)",
                               mly.median, peers, ratio, ratio <= 1.0 ? "PASS" : "MISS",
                               mly.minimum / (jpeginfo.minimum + exiftool.minimum)))
        } else {
            report.line("  mly360 / (jpeginfo -c + exiftool): not measured (jpeginfo or exiftool not installed; run make setup)")
        }
        // CPU time is less disturbed by other load on the machine than wall time: shown for context, not a target.
        var cpu: [String] = []
        if let vips { cpu.append(String(format: "mly360 / vipsthumbnail %.2f", mly.medianCPU / vips.samples.medianCPU)) }
        if let jpeginfo, let exiftool {
            cpu.append(String(format: "mly360 / (jpeginfo -c + exiftool) %.2f", mly.medianCPU / (jpeginfo.medianCPU + exiftool.medianCPU)))
        }
        if !cpu.isEmpty { report.line("  CPU-time ratios (context, not targets): " + cpu.joined(separator: "; ")) }
    }
}
