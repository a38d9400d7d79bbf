import Foundation
import MapillarySimulator

extension DiscoveryBenchmark {
    /// Requests of the 429 storm that opens the rate-limited run.
    static let stormRequests = 30
    /// The simulator's windowed limit in that run: this many Graph requests per ``rateWindowMilliseconds``
    /// (9 600 a minute, far below what mly360 sends unpaced on loopback).
    static let rateLimit = 40
    /// The window of ``rateLimit``.
    static let rateWindowMilliseconds = 250

    /// Issue 7 §3's target: after a rate-limited start (a storm of 429s, then a real windowed limit with
    /// `Retry-After` and `x-app-usage`) at most 10 % of the API answers are 429; nothing is lost.
    func pacing(mly360: String) async throws {
        let area = SimBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52)
        let world = WorldSpec(area: area, sequences: settings.pacingSequences, imagesPerSequence: 4...8, panoFraction: 1)
        let faults = FaultPlan(rateLimitStorm: Self.stormRequests, graphRateLimit: Self.rateLimit,
                               graphRateWindow: .milliseconds(Self.rateWindowMilliseconds))
        report.line()
        report.line("429 share after a rate-limited start")
        report.note("discovery: rate-limited download --metadata-only")
        try await FetchBenchmark.withSimulator(SimulatorConfiguration(seed: Self.seed + 1, world: world, faults: faults)) { simulator in
            let truth = Set(simulator.world.images(in: area).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let folder = settings.work + "/discovery/pacing"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let run = try await DiscoveryRun.run(
                mly360: mly360, arguments: ["download"] + Self.common(box: area, simulator: simulator)
                    + ["--out", folder + "/out", "--metadata-only"],
                simulator: simulator, csv: folder + "/out/mapillary_images_metadata.csv", logPrefix: folder + "/download")
            let stats = run.statistics
            let after = stats.totalGraphRequests - Self.stormRequests
            let limited = stats.rateLimitedServed - Self.stormRequests
            let share = Double(limited) / Double(max(after, 1))
            report.line("  simulator: the first \(Self.stormRequests) Graph requests answer 429, then at most \(Self.rateLimit) "
                + "per \(Self.rateWindowMilliseconds) ms (\(Self.rateLimit * 60_000 / Self.rateWindowMilliseconds)/min; "
                + "429 with Retry-After over it, x-app-usage on every answer); world: \(truth.count) panoramas in "
                + "\(world.sequences) sequences; mly360 at its default --api-rate 60000/min")
            report.line("  " + run.commandLine)
            report.line(String(format: "  %d Graph answers in %.1f s, %d of them 429 (%d the storm, %d over the window); "
                               + "%d tile requests (not rate-limited)",
                               stats.totalGraphRequests, run.seconds, stats.rateLimitedServed, min(Self.stormRequests, stats.rateLimitedServed),
                               stats.rateLimitedByWindow, stats.tileRequests))
            report.line(String(format: "  429 share after the start: %d of %d answers = %.1f %%   target ≤ 10 %%  %@",
                               limited, after, share * 100, after > 0 && share <= 0.10 ? "PASS" : "MISS"))
            // The same download without the limit, for scale (a fresh folder, so discovery runs again).
            report.note("discovery: the same download without the rate limit")
            let baseline = try await FetchBenchmark.withSimulator(SimulatorConfiguration(seed: Self.seed + 1, world: world)) { free in
                try await DiscoveryRun.run(
                    mly360: mly360, arguments: ["download"] + Self.common(box: area, simulator: free)
                        + ["--out", folder + "/unlimited", "--metadata-only"],
                    simulator: free, csv: folder + "/unlimited/mapillary_images_metadata.csv", logPrefix: folder + "/unlimited")
            }
            report.line(String(format: "  for scale, the same download without storm or limit: %d Graph answers in %.1f s, %d found",
                               baseline.graphRequests, baseline.seconds, baseline.ids.count))
            let hit = run.ids.intersection(truth).count
            report.line("  found \(hit) of \(truth.count) panoramas (exit \(run.status))"
                + (hit == truth.count && run.status == 0 ? "; nothing lost" : "  ! images lost: \(run.errorTail)"))
        }
    }
}
