import Catalog
import Fetch
import Foundation

/// Issue 9 §1: `mly360 report` over 48 000 images (metadata only, no thumbnails) must be written in ≤ 15 s and
/// be ≤ 40 MB. The catalogue is filled in-process with API records shaped like real ones (positions along
/// sequences of 100 frames, creators, capture times), then the real command is timed as a child process.
struct ReportBenchmark {
    let settings: BenchSettings
    let report: Report

    func run() async {
        report.heading("Review page of 48 000 images: mly360 report (issue 9 §1)")
        guard let mly360 = settings.mly360 else { return }
        let count = settings.reportImages
        let folder = settings.work + "/report"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let catalog = try Catalog(folder: folder)
            var batch: [MapillaryImage] = []
            for index in 0..<count {
                let sequence = index / 100
                let lon = 13.3 + Double(sequence % 40) * 0.004 + Double(index % 100) * 0.00002
                let lat = 52.45 + Double(sequence / 40) * 0.003
                let text = #"{"id":"\#(1_000_000_000_000_000 + index)","captured_at":\#(1_600_000_000_000 + Int64(index) * 2000),"#
                    + #""geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"is_pano":true,"camera_type":"spherical","#
                    + #""creator":{"username":"creator\#(sequence % 37)","id":"\#(sequence % 37)"},"sequence":"seq\#(sequence)","#
                    + #""width":5760,"height":2880,"make":"GoPro","model":"GoPro Max"}"#
                batch.append(try MapillaryImage(json: try JSONParser.parse(Array(text.utf8)), raw: text))
                if batch.count == 2000 || index == count - 1 {
                    try catalog.storeImages(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            let group = ProcessGroup(members: [.init(executable: mly360, arguments: ["report", folder, "--json"])])
            report.note("report: mly360 report on \(count) images")
            let result = try await group.run(logPrefix: folder + "/log")
            if let failure = result.failure { report.line("  ! \(failure)") }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: folder + "/report.html")[.size] as? Int) ?? 0
            report.table([["images", "wall s", "CPU s", "peak RSS MB", "page MB"],
                          ["\(count)", String(format: "%.2f", result.seconds), String(format: "%.2f", result.cpuSeconds),
                           String(format: "%.1f", Samples.megabytes(kibibytes: result.rssKiB)), String(format: "%.1f", Double(bytes) / 1e6)]])
            report.line(String(format: "  target: written in ≤ 15 s → %@ (%.2f s); ≤ 40 MB → %@ (%.1f MB)",
                               result.seconds <= 15 ? "PASS" : "MISS", result.seconds, bytes <= 40_000_000 ? "PASS" : "MISS",
                               Double(bytes) / 1e6))
        } catch {
            report.line("Report benchmark stopped: \(error)")
        }
    }
}
