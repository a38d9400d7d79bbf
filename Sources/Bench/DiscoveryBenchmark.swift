import Foundation
import MapillarySimulator

/// Issue 7 §5: the figures of discovery v2, each measured by running the real `mly360` against the in-process
/// simulator — recall against the simulator's ground truth and API requests per image for `--discovery
/// search|tiles|both` under today's and the harsh thinning on a dense area of at least 40 000 images; the
/// `mly360 plan --json` estimate against what the download then finds; the share of 429 answers after a
/// rate-limited start; and three concurrent `--shard K/3` processes against one unsharded process, with
/// `mly360 merge`. Targets are printed as PASS or MISS, never asserted.
struct DiscoveryBenchmark {
    /// Sizes, the mly360 executable and the work folder.
    let settings: BenchSettings
    /// Where the figures are printed.
    let report: Report

    /// Seed of the simulated worlds of this part (the runs are reproducible).
    static let seed: UInt64 = 367
    /// The dense area: 0.04° × 0.04° in Berlin, 0.0016 deg² (under the bbox search's 0.01 deg² limit, so
    /// every cell is a thinned sample).
    static let denseArea = SimBox(minLon: 13.38, minLat: 52.48, maxLon: 13.42, maxLat: 52.52)
    /// Images per sequence in the dense world (real sequences hold up to 500).
    static let denseSequenceLength = 150...250
    /// Tile pacing given to mly360 (its maximum): the simulator has no tile budget, and the default 60/min
    /// would make the tile reads, not the discovery, the measured time.
    static let tileRate = "6000"

    /// Runs the three sections in turn; a section that fails says why in the report and the next one still runs.
    func run() async {
        report.heading("Discovery v2 — recall, requests per image, plan, 429 share, shards (issue 7 §5)")
        guard let mly360 = settings.mly360 else { return }
        report.line("Every figure comes from the real mly360 (\(mly360)) as a child process against the simulator in this "
            + "process; found ids are read from the CSV mly360 wrote, requests are counted by the simulator.")
        do {
            try await completeness(mly360: mly360)
        } catch {
            report.line("  recall/plan stopped: \(error)")
        }
        do {
            try await pacing(mly360: mly360)
        } catch {
            report.line("  429 share stopped: \(error)")
        }
        do {
            try await shards(mly360: mly360)
        } catch {
            report.line("  shards stopped: \(error)")
        }
    }

    /// The world of the recall figures: `discoverySequences` sequences of 150–250 images over ``denseArea``,
    /// 75 % of them 360°, with the usual traps (ids above 2^53 and their double twins, mislabelled images).
    var denseWorld: WorldSpec {
        WorldSpec(area: Self.denseArea, sequences: settings.discoverySequences, imagesPerSequence: Self.denseSequenceLength)
    }

    /// The arguments every command of this part shares: the box, the simulator and tile pacing.
    static func common(box: SimBox, simulator: MapillarySimulator) -> [String] {
        ["--bbox", box.description, "--api-url", simulator.graphURL, "--token", simulator.configuration.token,
         "--tile-rate", tileRate]
    }

    /// `a / b` as a fixed-point text, "—" when `b` is zero.
    static func ratio(_ a: Int, _ b: Int, digits: Int = 1) -> String {
        b == 0 ? "—" : String(format: "%.\(digits)f", Double(a) / Double(b))
    }

    /// Recall and requests per image for every mode and thinning, and the plan against the download.
    private func completeness(mly360: String) async throws {
        let world = denseWorld
        report.line()
        report.line("Recall and API requests per image (--metadata-only, no added latency)")
        var rows = [["thinning", "mode", "360° found", "recall", "missed", "not in truth", "Graph req", "bbox", "image_ids",
                     "batch", "other", "tiles", "images/request", "s", "exit"]]
        var targets: [String] = []
        var planLines: [String] = []
        var sources: [String] = []
        for (name, thinning) in [("today's", 1.0), ("harsh", SimulatorConfiguration.harshThinning)] {
            var configuration = SimulatorConfiguration(seed: Self.seed, world: world)
            configuration.thinning = thinning
            report.note("discovery: generating the \(name)-thinning world (\(world.sequences) sequences of "
                + "\(Self.denseSequenceLength.lowerBound)–\(Self.denseSequenceLength.upperBound) images)")
            try await FetchBenchmark.withSimulator(configuration) { simulator in
                let truth = Set(simulator.world.images(in: Self.denseArea).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
                if name == "today's" {
                    let all = simulator.world.images(in: Self.denseArea).count
                    report.line(String(format: "world: %d images (%d of them 360°, the ground truth) in %d sequences over %@ "
                                       + "(%.4f deg², seed \(Self.seed)); `mly360-sim --thinning harsh` is %.0f× harsher than today's",
                                       all, truth.count, world.sequences, Self.denseArea.description, Self.denseArea.area,
                                       SimulatorConfiguration.harshThinning))
                    if all < 40_000 {
                        report.line("  (fewer than the issue's 40 000 images: --discovery-sequences or --quick made it smaller)")
                    }
                }
                var found: [String: Int] = [:]
                var bothRequests = 0
                var plan: [String: Any]?
                var planSeconds = 0.0
                if name == "today's" {
                    // The plan in its own folder, so that the downloads below read the tiles themselves.
                    let folder = settings.work + "/discovery/plan"
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    report.note("discovery: mly360 plan --json")
                    let run = try await DiscoveryRun.run(
                        mly360: mly360, arguments: ["plan"] + Self.common(box: Self.denseArea, simulator: simulator)
                            + ["--out", folder + "/out", "--json"],
                        simulator: simulator, csv: nil, logPrefix: folder + "/plan")
                    planSeconds = run.seconds
                    plan = (try? JSONSerialization.jsonObject(with: Data(run.output.utf8))) as? [String: Any]
                    if plan == nil {
                        planLines.append("  ! mly360 plan --json printed no JSON object (exit \(run.status)): \(run.errorTail)")
                    }
                }
                for mode in ["search", "tiles", "both"] {
                    let folder = settings.work + "/discovery/\(name == "harsh" ? "harsh" : "normal")-\(mode)"
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    report.note("discovery: mly360 download --metadata-only --discovery \(mode), \(name) thinning")
                    let run = try await DiscoveryRun.run(
                        mly360: mly360, arguments: ["download"] + Self.common(box: Self.denseArea, simulator: simulator)
                            + ["--out", folder + "/out", "--metadata-only", "--discovery", mode],
                        simulator: simulator, csv: folder + "/out/mapillary_images_metadata.csv", logPrefix: folder + "/download")
                    let hit = run.ids.intersection(truth).count
                    let recall = Double(hit) / Double(max(truth.count, 1))
                    let kinds = run.statistics.graphRequests
                    let other = run.graphRequests - (kinds["bbox"] ?? 0) - (kinds["image_ids"] ?? 0) - (kinds["batch"] ?? 0)
                    rows.append([name, mode, "\(run.ids.count)", String(format: "%.4f", recall), "\(truth.count - hit)",
                                 "\(run.ids.subtracting(truth).count)", "\(run.graphRequests)", "\(kinds["bbox"] ?? 0)",
                                 "\(kinds["image_ids"] ?? 0)", "\(kinds["batch"] ?? 0)", "\(other)", "\(run.tileRequests)",
                                 Self.ratio(truth.count, run.apiRequests), String(format: "%.1f", run.seconds), "\(run.status)"])
                    targets.append(String(format: "  recall ≥ 0.999, %@ thinning, --discovery %@: %.4f  %@", name, mode, recall,
                                          recall >= 0.999 ? "PASS" : "MISS"))
                    if mode == "tiles" {
                        let perImage = Double(run.apiRequests) / Double(max(truth.count, 1))
                        targets.append(String(format: "  ≤ 1 API request per 30 images, %@ thinning, --discovery tiles: "
                                              + "%d requests (%d Graph + %d tiles) for %d images = 1 per %@  %@",
                                              name, run.apiRequests, run.graphRequests, run.tileRequests, truth.count,
                                              Self.ratio(truth.count, run.apiRequests), perImage <= 1.0 / 30 ? "PASS" : "MISS"))
                    }
                    if mode == "both" { bothRequests = run.apiRequests }
                    sources.append("  \(name), \(mode): " + (run.status != 0 ? "exit \(run.status): \(run.errorTail)" : run.sourcesLine))
                    found[mode] = run.ids.count
                }
                if let plan {
                    let images = (plan["images"] as? NSNumber)?.intValue ?? -1
                    let requests = (plan["requests"] as? NSNumber)?.intValue ?? -1
                    let seconds = (plan["seconds"] as? NSNumber)?.doubleValue ?? -1
                    planLines.append("  mly360 plan --json (today's thinning; the plan reads tiles only): images \(images), "
                        + "sequences \((plan["sequences"] as? NSNumber)?.intValue ?? -1), requests \(requests), "
                        + String(format: "seconds %.1f; the plan itself took %.1f s", seconds, planSeconds))
                    for mode in ["both", "tiles", "search"] {
                        guard let count = found[mode] else { continue }
                        let error = Double(abs(images - count)) / Double(max(count, 1))
                        planLines.append(String(format: "  plan images vs download --discovery %@%@: %d planned, "
                                                + "%d found, error %.2f %%   target ≤ 5 %%  %@", mode, mode == "both" ? " (the default)" : "",
                                                images, count, error * 100, error <= 0.05 ? "PASS" : "MISS"))
                    }
                    planLines.append("  plan requests vs download --discovery both (the plan's mode): \(requests) estimated, "
                        + "\(bothRequests) sent (no target; the estimate counts each top-level cell once and no splits)")
                }
            }
        }
        report.table(rows)
        report.line("  (recall = found ∩ truth / truth, truth = the simulator's 360° images in the box; images/request = "
            + "truth / (Graph + tile requests); \"other\" = per-image /{id} fallbacks)")
        for line in targets { report.line(line) }
        report.line("  mly360's own summary line per run:")
        for line in sources { report.line("  " + line) }
        report.line()
        report.line("Plan estimate against the download")
        for line in planLines { report.line(line) }
    }
}
