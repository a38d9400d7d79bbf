import Foundation
import MapillarySimulator

/// One `mly360 download` run against an in-process simulator, watched from the simulator's side: the download
/// phase is the window from the first CDN request to the last CDN body byte (discovery overlaps it), sampled
/// every few milliseconds from ``MapillarySimulator/statistics()``.
struct DownloadMeasurement {
    /// Wall seconds from spawn to exit.
    var totalSeconds = 0.0
    /// Seconds from the first CDN request to the last change of the CDN byte count.
    var downloadSeconds = 0.0
    /// Seconds from spawn to the first CDN request.
    var secondsToFirstDownload = 0.0
    /// Peak RSS of the mly360 process, KiB.
    var maxRSSKiB = 0
    /// CPU seconds (user + system) of the mly360 process.
    var cpuSeconds = 0.0
    /// Exit status of mly360.
    var status: Int32 = 0
    /// Simulator statistics at the end.
    var statistics = SimulatorStatistics()
    /// Graph requests by kind seen before the first CDN request.
    var graphBeforeDownloads: [String: Int] = [:]
    /// JPEG files in the output folder afterwards, and their total size.
    var files = 0
    var fileBytes = 0
    /// The command line that ran.
    var commandLine = ""
    /// The summary mly360 printed (standard output).
    var summary = ""

    /// Images the CDN answered with 200.
    var downloadedImages: Int { statistics.cdnStatuses[200] ?? 0 }
    /// Images per second over the download phase.
    var imagesPerSecond: Double { downloadSeconds > 0 ? Double(downloadedImages) / downloadSeconds : 0 }
    /// MB (10^6 bytes) per second over the download phase.
    var megabytesPerSecond: Double { downloadSeconds > 0 ? Double(statistics.cdnBytes) / 1e6 / downloadSeconds : 0 }

    /// Runs `mly360 download` with `arguments` (after `download`), resetting the simulator's statistics first.
    static func run(mly360: String, arguments: [String], simulator: MapillarySimulator, out: String,
                    logPrefix: String) async throws -> DownloadMeasurement {
        var result = DownloadMeasurement()
        simulator.resetStatistics()
        let start = DispatchTime.now().uptimeNanoseconds
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let child = try ChildProcess.spawn(mly360, ["download"] + arguments,
                                           standardOutput: logPrefix + ".out", standardError: logPrefix + ".err",
                                           measureMemory: true)
        result.commandLine = child.commandLine
        var firstCDN: Double?
        var lastBytes = 0
        var lastBytesChange = 0.0
        var outcome: ChildProcess.Outcome?
        while outcome == nil {
            try? await Task.sleep(for: .milliseconds(5))
            outcome = child.poll()
            let stats = simulator.statistics()
            let t = now()
            if firstCDN == nil, stats.cdnRequests > 0 {
                firstCDN = t
                result.graphBeforeDownloads = stats.graphRequests
            }
            if stats.cdnBytes != lastBytes {
                lastBytes = stats.cdnBytes
                lastBytesChange = t
            }
        }
        result.totalSeconds = now()
        result.status = outcome?.status ?? 255
        result.maxRSSKiB = outcome?.maxRSSKiB ?? 0
        result.cpuSeconds = outcome?.cpuSeconds ?? 0
        result.statistics = simulator.statistics()
        if let firstCDN {
            result.secondsToFirstDownload = firstCDN
            result.downloadSeconds = max(0, lastBytesChange - firstCDN)
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [] where name.hasSuffix(".jpg") {
            result.files += 1
            result.fileBytes += (try? FileManager.default.attributesOfItem(atPath: out + "/" + name)[.size] as? Int) ?? 0
        }
        result.summary = (try? String(contentsOfFile: logPrefix + ".out", encoding: .utf8)) ?? ""
        if result.status != 0 {
            let error = (try? String(contentsOfFile: logPrefix + ".err", encoding: .utf8)) ?? ""
            result.summary += "\n(exit status \(result.status)) " + error.split(separator: "\n").suffix(5).joined(separator: "\n")
        }
        return result
    }
}
