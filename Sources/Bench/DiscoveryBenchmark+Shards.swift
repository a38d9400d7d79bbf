import Foundation
import MapillarySimulator

extension DiscoveryBenchmark {
    /// Shards of the scale-out comparison.
    static let shardCount = 3

    /// Issue 7 §4/§5: three concurrent `mly360 download --shard K/3` processes (separate folders) against one
    /// unsharded process on the same world with real (1024×512) JPEGs, then `mly360 merge` of the three:
    /// wall times, disjointness, union = unsharded, and the merged row count.
    func shards(mly360: String) async throws {
        let area = SimBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52)
        let world = WorldSpec(area: area, sequences: max(1, settings.shardImages / 12), imagesPerSequence: 8...16,
                              panoFraction: 1, servedPanoWidth: 1024, servedQuality: 85)
        let faults = FaultPlan(latency: .milliseconds(settings.latencyMilliseconds))
        report.line()
        report.line("Scale-out: 3 concurrent shards vs one process, then merge")
        report.note("discovery: generating the shard world")
        try await FetchBenchmark.withSimulator(SimulatorConfiguration(seed: Self.seed + 2, world: world, faults: faults)) { simulator in
            let truth = Set(simulator.world.images(in: area).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let served = simulator.world.panoramas.first.flatMap { simulator.jpegBytes(for: $0.id, resolution: "original")?.count } ?? 0
            report.line(String(format: "  world: %d panoramas in %d sequences, served 1024×512 JPEGs of about %.0f KB, %d ms latency on "
                               + "every response; --no-check (downloads and catalogue only). This machine has %d cores: the "
                               + "shards, the unsharded run and the simulator (in this process, serving all of them) share them, "
                               + "and the shards share one simulator (one API budget: --api-rate %d/min each)",
                               truth.count, world.sequences, Double(served) / 1e3, settings.latencyMilliseconds,
                               ProcessInfo.processInfo.activeProcessorCount, 60_000 / Self.shardCount))
            let folder = settings.work + "/discovery/shards"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let common = Self.common(box: area, simulator: simulator) + ["--no-check", "--concurrency", "\(settings.concurrency)"]

            report.note("discovery: one unsharded mly360 download")
            simulator.resetStatistics()
            let whole = folder + "/whole"
            let single = try await ProcessGroup(members: [.init(executable: mly360, arguments: ["download"] + common + ["--out", whole])])
                .run(logPrefix: folder + "/whole")
            let singleStats = simulator.statistics()

            report.note("discovery: \(Self.shardCount) concurrent mly360 download --shard K/\(Self.shardCount)")
            simulator.resetStatistics()
            let shardFolders = (1...Self.shardCount).map { folder + "/shard-\($0)" }
            let members = (1...Self.shardCount).map { k in
                ProcessGroup.Member(executable: mly360, arguments: ["download"] + common
                    + ["--out", shardFolders[k - 1], "--shard", "\(k)/\(Self.shardCount)", "--api-rate", "\(60_000 / Self.shardCount)/min"])
            }
            let sharded = try await ProcessGroup(members: members).run(logPrefix: folder + "/shard")
            let shardStats = simulator.statistics()

            report.note("discovery: mly360 merge")
            let merged = folder + "/merged"
            let merge = try await ProcessGroup(members: [.init(executable: mly360, arguments: ["merge", "--out", merged] + shardFolders)])
                .run(logPrefix: folder + "/merge")

            let csv = "/mapillary_images_metadata.csv"
            let wholeIDs = try DiscoveryRun.ids(inCSV: whole + csv)
            let parts = try shardFolders.map { try DiscoveryRun.ids(inCSV: $0 + csv) }
            let mergedIDs = (try? DiscoveryRun.ids(inCSV: merged + csv)) ?? []
            let mergedFiles = ((try? FileManager.default.contentsOfDirectory(atPath: merged)) ?? []).filter { $0.hasSuffix(".jpg") }.count

            report.table([
                ["run", "wall s", "CPU s", "peak RSS MB (sum)", "images", "Graph req", "tiles", "CDN 200"],
                ["one process", String(format: "%.2f", single.seconds), String(format: "%.2f", single.cpuSeconds),
                 String(format: "%.1f", Samples.megabytes(kibibytes: single.rssKiB)), "\(wholeIDs.count)",
                 "\(singleStats.totalGraphRequests)", "\(singleStats.tileRequests)", "\(singleStats.cdnStatuses[200] ?? 0)"],
                ["\(Self.shardCount) shards at once", String(format: "%.2f", sharded.seconds), String(format: "%.2f", sharded.cpuSeconds),
                 String(format: "%.1f", Samples.megabytes(kibibytes: sharded.rssKiB)), parts.map { "\($0.count)" }.joined(separator: "+"),
                 "\(shardStats.totalGraphRequests)", "\(shardStats.tileRequests)", "\(shardStats.cdnStatuses[200] ?? 0)"],
                ["merge of the \(Self.shardCount)", String(format: "%.2f", merge.seconds), String(format: "%.2f", merge.cpuSeconds),
                 String(format: "%.1f", Samples.megabytes(kibibytes: merge.rssKiB)), "\(mergedIDs.count)", "", "", ""],
            ])
            for failure in [single.failure, sharded.failure, merge.failure].compactMap({ $0 }) { report.line("  ! " + failure) }
            report.line(String(format: "  sharded / one process = %.2f / %.2f s = %.2f×  (no target; each shard also samples every cell "
                               + "and reads every tile, so the three send more Graph requests than one)",
                               sharded.seconds, single.seconds, sharded.seconds / max(single.seconds, 1e-9)))
            var disjoint = true
            for a in parts.indices {
                for b in parts.indices where b > a && !parts[a].isDisjoint(with: parts[b]) { disjoint = false }
            }
            let union = parts.reduce(Set<String>()) { $0.union($1) }
            report.line("  shards disjoint: \(disjoint ? "yes" : "NO")   union = unsharded: "
                + (union == wholeIDs ? "yes (\(union.count) images)" : "NO (\(union.count) vs \(wholeIDs.count))")
                + "   unsharded = truth: " + (wholeIDs == truth ? "yes" : "NO (\(wholeIDs.count) of \(truth.count))"))
            report.line("  merge: \(mergedIDs.count) rows, \(mergedFiles) files; ids = unsharded: "
                + (mergedIDs == wholeIDs ? "yes  PASS" : "NO  MISS"))
        }
    }
}
