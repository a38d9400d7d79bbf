import Foundation
import MapillarySimulator

/// Issue 3 §7: `mly360 download` against the in-process simulator with added latency and ≈3 MB images —
/// throughput against the ideal `concurrency / (latency + transfer time)`, a sequential baseline, and peak
/// memory plus discovery requests for a 10 000-panorama world.
struct FetchBenchmark {
    let settings: BenchSettings
    let report: Report

    /// Seed of every simulated world (the runs are reproducible).
    static let seed: UInt64 = 360
    /// JPEG quality of the served 5760×2880 panoramas, chosen so each file is about 3 MB.
    static let servedQuality = 88

    func run() async {
        report.heading("Part 2 — fetch: mly360 download against the simulator (issue 3 §7)")
        guard let mly360 = settings.mly360 else { return }
        guard let curl = ToolLocator.find("curl") else {
            report.line("SKIPPED: curl (used to time a single transfer for the ideal rate) is not installed.")
            return
        }
        do {
            try await throughput(mly360: mly360, curl: curl)
            try await largeWorld(mly360: mly360)
        } catch {
            report.line("Part 2 stopped: \(error)")
        }
    }

    /// A world of exactly `images` panoramas (all 360°, all with an original URL), in equal sequences of at most 50.
    static func world(images: Int, servedWidth: Int, quality: Int, area: SimBox) -> WorldSpec {
        let perSequence = (1...min(50, max(1, images))).last { images % $0 == 0 } ?? 1
        return WorldSpec(
            area: area, sequences: (images + perSequence - 1) / perSequence,
            imagesPerSequence: perSequence...perSequence, panoFraction: 1, servedPanoWidth: servedWidth,
            servedQuality: quality, mislabelledCount: 0, missingOriginalFraction: 0)
    }

    private func downloadArguments(box: SimBox, simulator: MapillarySimulator, out: String, extra: [String]) -> [String] {
        ["--bbox", box.description, "--api-url", simulator.graphURL, "--token", simulator.configuration.token,
         "--out", out, "--no-check"] + extra
    }

    /// The command line without the (simulator's) token.
    private func shown(_ line: String, token: String) -> String {
        line.replacingOccurrences(of: ChildProcess.quoted(token), with: "<simulator token>")
    }

    private func throughput(mly360: String, curl: String) async throws {
        let area = SimBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52)
        let spec = Self.world(images: settings.fetchImages, servedWidth: 5760, quality: Self.servedQuality, area: area)
        report.note("generating the \(settings.fetchImages)-image world and its 5760×2880 JPEGs")
        try await Self.withSimulator(SimulatorConfiguration(
            seed: Self.seed, world: spec, faults: FaultPlan(latency: .milliseconds(settings.latencyMilliseconds)))
        ) { simulator in
            try await throughput(mly360: mly360, curl: curl, simulator: simulator, spec: spec, area: area)
        }
    }

    /// Starts a simulator, runs `body` with it and shuts it down (also when `body` throws).
    static func withSimulator<T>(_ configuration: SimulatorConfiguration,
                                 _ body: (MapillarySimulator) async throws -> T) async throws -> T {
        let simulator = MapillarySimulator(configuration)
        try await simulator.start()
        do {
            let result = try await body(simulator)
            try? await simulator.shutdown()
            return result
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    private func throughput(mly360: String, curl: String, simulator: MapillarySimulator, spec: WorldSpec,
                            area: SimBox) async throws {
        let latency = Double(settings.latencyMilliseconds) / 1000
        let direct = MapillarySimulator(SimulatorConfiguration(seed: Self.seed, world: spec))
        try await direct.start()
        let panoramas = simulator.world.panoramas
        guard let probeID = panoramas.first?.id else { throw BenchError("The simulated world has no panoramas.") }
        let probe: TransferProbe.Result
        do {
            probe = try await TransferProbe(curl: curl, scratch: settings.work).measure(simulator: direct, id: probeID, count: 9)
        } catch {
            try? await direct.shutdown()
            throw error
        }
        let withLatency = try await TransferProbe(curl: curl, scratch: settings.work)
            .measure(simulator: simulator, id: probeID, count: 3)
        try await direct.shutdown()
        let ideal = Double(settings.concurrency) / (latency + probe.median)

        report.line("world: \(panoramas.count) panoramas (seed \(Self.seed)), served 5760×2880 JPEG quality \(Self.servedQuality) = "
            + String(format: "%.2f MB each; simulator in this process (2 event-loop threads), latency %d ms on every response",
                     Double(probe.bytes) / 1e6, settings.latencyMilliseconds))
        report.line(String(format: "transfer time of one image, no added latency (curl, median of %d): %.1f ms (min %.1f ms); "
                           + "with the %d ms latency: %.1f ms",
                           probe.samples, probe.median * 1000, probe.minimum * 1000, settings.latencyMilliseconds,
                           withLatency.median * 1000))
        report.line(String(format: "ideal = concurrency / (latency + transfer) = %d / (%.3f + %.4f s) = %.1f images/s (%.0f MB/s)",
                           settings.concurrency, latency, probe.median, ideal, ideal * Double(probe.bytes) / 1e6))

        let concurrentOut = settings.work + "/download-concurrent"
        report.note("mly360 download, concurrency \(settings.concurrency)")
        let concurrent = try await DownloadMeasurement.run(
            mly360: mly360, arguments: downloadArguments(box: area, simulator: simulator, out: concurrentOut,
                                                         extra: ["--concurrency", "\(settings.concurrency)"]),
            simulator: simulator, out: concurrentOut, logPrefix: settings.work + "/download-concurrent")
        let resumedOut = settings.work + "/download-resumed"
        report.note("mly360 download --metadata-only, then the same download resumed (discovery already done)")
        let discoveryOnly = try await DownloadMeasurement.run(
            mly360: mly360, arguments: downloadArguments(box: area, simulator: simulator, out: resumedOut,
                                                         extra: ["--concurrency", "\(settings.concurrency)", "--metadata-only"]),
            simulator: simulator, out: resumedOut, logPrefix: settings.work + "/download-metadata-only")
        let resumed = try await DownloadMeasurement.run(
            mly360: mly360, arguments: downloadArguments(box: area, simulator: simulator, out: resumedOut,
                                                         extra: ["--concurrency", "\(settings.concurrency)"]),
            simulator: simulator, out: resumedOut, logPrefix: settings.work + "/download-resumed")
        removeImages(in: concurrentOut)
        removeImages(in: resumedOut)
        let sequentialOut = settings.work + "/download-sequential"
        let subset = settings.sequentialImages < panoramas.count
        report.note("mly360 download, sequential\(subset ? " (\(settings.sequentialImages) images)" : "")")
        let sequential = try await DownloadMeasurement.run(
            mly360: mly360, arguments: downloadArguments(box: area, simulator: simulator, out: sequentialOut,
                                                         extra: ["--concurrency", "1", "--api-concurrency", "1"]
                                                             + (subset ? ["--max-images", "\(settings.sequentialImages)"] : [])),
            simulator: simulator, out: sequentialOut, logPrefix: settings.work + "/download-sequential")

        removeImages(in: sequentialOut)
        let token = simulator.configuration.token
        report.line()
        report.line("Commands:")
        report.line("  " + shown(concurrent.commandLine, token: token))
        report.line("  " + shown(discoveryOnly.commandLine, token: token) + "   (took \(String(format: "%.2f", discoveryOnly.totalSeconds)) s, "
            + "\(discoveryOnly.statistics.totalGraphRequests) Graph requests), then the same without --metadata-only")
        report.line("  " + shown(sequential.commandLine, token: token))
        report.line()
        var rows = [["run", "images", "files on disk", "download s", "images/s", "MB/s", "total s", "mly360 CPU s", "peak RSS MB", "exit"]]
        for (label, run) in [("concurrency \(settings.concurrency)", concurrent),
                             ("concurrency \(settings.concurrency), resumed after --metadata-only", resumed),
                             ("sequential (1/1)" + (subset ? ", subset" : ""), sequential)] {
            rows.append([label, "\(run.downloadedImages)", "\(run.files)", String(format: "%.2f", run.downloadSeconds),
                         String(format: "%.1f", run.imagesPerSecond), String(format: "%.1f", run.megabytesPerSecond),
                         String(format: "%.2f", run.totalSeconds), String(format: "%.2f", run.cpuSeconds),
                         String(format: "%.1f", Samples.megabytes(kibibytes: run.maxRSSKiB)), "\(run.status)"])
        }
        report.table(rows)
        report.line("  (download s = first CDN request → last CDN byte, seen by the simulator; discovery overlaps it; "
            + "total s = process start → exit)")
        report.line(String(format: "  CDN concurrency seen by the simulator: %d (concurrent run); Graph requests: %d",
                           concurrent.statistics.maxConcurrentCDN, concurrent.statistics.totalGraphRequests))
        let achieved = concurrent.imagesPerSecond / ideal
        report.line(String(format: "  achieved / ideal = %.1f / %.1f = %.0f %%   target ≥ 80 %%  %@   (one run, discovery overlapping)",
                           concurrent.imagesPerSecond, ideal, achieved * 100, achieved >= 0.8 ? "PASS" : "MISS"))
        let resumedRatio = resumed.imagesPerSecond / ideal
        report.line(String(format: "  achieved / ideal = %.1f / %.1f = %.0f %%   target ≥ 80 %%  %@   (downloads only: discovery done beforehand)",
                           resumed.imagesPerSecond, ideal, resumedRatio * 100, resumedRatio >= 0.8 ? "PASS" : "MISS"))
        if sequential.imagesPerSecond > 0 {
            report.line(String(format: "  speed-up over sequential = %.1f / %.1f images/s = %.1f×  (whole runs: %.2f s for %d vs %.2f s for %d images)",
                               concurrent.imagesPerSecond, sequential.imagesPerSecond,
                               concurrent.imagesPerSecond / sequential.imagesPerSecond,
                               concurrent.totalSeconds, concurrent.downloadedImages,
                               sequential.totalSeconds, sequential.downloadedImages))
        }
        if concurrent.downloadedImages != panoramas.count || concurrent.status != 0 {
            report.line("  ! the concurrent run downloaded \(concurrent.downloadedImages) of \(panoramas.count) panoramas "
                + "(exit \(concurrent.status)); its summary:")
            for line in concurrent.summary.split(separator: "\n").prefix(20) { report.line("    " + line) }
        }
    }

    private func largeWorld(mly360: String) async throws {
        let count = settings.largeWorldImages
        report.heading("Memory and discovery budget: a \(count)-panorama world")
        let area = SimBox(minLon: 13.30, minLat: 52.45, maxLon: 13.40, maxLat: 52.53)
        let spec = Self.world(images: count, servedWidth: 1024, quality: 85, area: area)
        report.note("generating the \(count)-image world")
        try await Self.withSimulator(SimulatorConfiguration(
            seed: Self.seed + 1, world: spec, faults: FaultPlan(latency: .milliseconds(settings.latencyMilliseconds)))
        ) { simulator in
            try await largeWorld(mly360: mly360, simulator: simulator, spec: spec, area: area)
        }
    }

    /// Deletes the downloaded JPEGs (gigabytes) once measured; logs, state and CSV stay for inspection.
    private func removeImages(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".jpg") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    private func largeWorld(mly360: String, simulator: MapillarySimulator, spec: WorldSpec, area: SimBox) async throws {
        let count = settings.largeWorldImages
        let served = simulator.world.panoramas.first.flatMap { simulator.jpegBytes(for: $0.id, resolution: "original")?.count } ?? 0
        report.line(String(format: "world: %d panoramas in %d sequences over %@ (%.4f deg²), served 1024×512 JPEGs of %.0f KB "
                           + "(smaller than the 3 MB ones above, to keep disk and time reasonable; memory does not depend on "
                           + "file size because downloads stream), latency %d ms",
                           simulator.world.panoramas.count, spec.sequences, area.description, area.area,
                           Double(served) / 1e3, settings.latencyMilliseconds))
        let out = settings.work + "/download-large"
        report.note("mly360 download of \(count) images")
        let run = try await DownloadMeasurement.run(
            mly360: mly360, arguments: downloadArguments(box: area, simulator: simulator, out: out,
                                                         extra: ["--concurrency", "\(settings.concurrency)"]),
            simulator: simulator, out: out, logPrefix: settings.work + "/download-large")
        report.line("  " + shown(run.commandLine, token: simulator.configuration.token))
        removeImages(in: out)
        let stats = run.statistics
        let entity = stats.graphRequests["entity"] ?? 0
        let discovery = stats.totalGraphRequests - entity
        let kinds = stats.graphRequests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        report.line(String(format: "  downloaded %d of %d panoramas (%d files on disk) in %.1f s total, %.1f images/s over the download phase, exit %d",
                           run.downloadedImages, simulator.world.panoramas.count, run.files, run.totalSeconds,
                           run.imagesPerSecond, run.status))
        let peak = Samples.megabytes(kibibytes: run.maxRSSKiB)
        report.line(String(format: "  peak RSS of mly360: %.1f MB   target < 150 MB  %@", peak, peak < 150 ? "PASS" : "MISS"))
        report.line("  Graph API requests: \(stats.totalGraphRequests) (\(kinds)); non-200 answers: \(stats.graphErrorsServed)")
        report.line("  discovery requests (all but per-image /{id} lookups): \(discovery)   target < 2000  "
            + (discovery < 2000 ? "PASS" : "MISS"))
        report.line("  per-image /{id} lookups (URL refreshes or single-id fallbacks): \(entity); CDN answers: "
            + stats.cdnStatuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", "))
        if run.downloadedImages != simulator.world.panoramas.count || run.status != 0 {
            report.line("  ! incomplete or failed run; mly360's summary:")
            for line in run.summary.split(separator: "\n").prefix(20) { report.line("    " + line) }
        }
    }
}
