import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing
@testable import Tool

/// Issue 7 §4: `download --shard K/N` in separate processes, then `mly360 merge`.
@Suite("Shards as separate processes, and mly360 merge")
struct ShardMergeCommandTests {
    static let token = MapillarySimulator.defaultToken

    /// Starts `mly360 download … --shard K/N` as a subprocess.
    static func startShard(_ k: Int, of n: Int, simulator: MapillarySimulator, box: String, out: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(CheckCommandTests.binary))
        process.arguments = ["download", "--bbox", box, "--api-url", simulator.graphURL, "--token", token,
                             "--out", out, "--shard", "\(k)/\(n)", "--api-rate", "\(30_000 / n)/min",
                             "--thumbnail-size", "64"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("3 shards run concurrently as processes: disjoint, sequences whole, union = unsharded; merge joins them, idempotently; duplicates are refused (exit 6)",
          .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
    func threeShardsAndMerge() async throws {
        let world = WorldSpec(sequences: 9, imagesPerSequence: 3...7, panoFraction: 1)
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 21, world: world))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let area = world.area
        let box = "\(area.minLon),\(area.minLat),\(area.maxLon),\(area.maxLat)"

        let shards = (1...3).map { folder + "/shard-\($0)" }
        let processes = try (1...3).map { try Self.startShard($0, of: 3, simulator: simulator, box: box, out: shards[$0 - 1]) }
        let whole = folder + "/whole"
        let wholeCode = await MLY360.execute(["download", "--bbox", box, "--api-url", simulator.graphURL, "--token", Self.token,
                                              "--out", whole, "--thumbnail-size", "64"])
        for process in processes { process.waitUntilExit() }
        try await simulator.shutdown()
        #expect(wholeCode == ToolExit.completed)
        #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\(processes.map(\.terminationStatus))")

        let wholeRows = try ToolFixtures.rows(whole + "/mapillary_images_metadata.csv")
        let wholeIDs = Set(wholeRows.compactMap { $0["id"] })
        #expect(!wholeIDs.isEmpty)
        var parts: [Set<String>] = []
        var sequences: [Set<String>] = []
        for shard in shards {
            // Each shard folder is a complete dataset: CSV, catalogue, files and thumbnails.
            let rows = try ToolFixtures.rows(shard + "/mapillary_images_metadata.csv")
            #expect(FileManager.default.fileExists(atPath: Catalog.statePath(in: shard)))
            #expect(rows.allSatisfy { $0["download_status"] == "downloaded" && $0["jpeg_status"] == "ok" })
            #expect(rows.allSatisfy { ($0["thumbnail"] ?? "").hasPrefix("thumbnails/") })
            parts.append(Set(rows.compactMap { $0["id"] }))
            sequences.append(Set(rows.compactMap { $0["sequence"] }))
        }
        #expect(parts.filter { !$0.isEmpty }.count >= 2, "\(parts.map(\.count))")
        for a in 0..<3 {
            for b in (a + 1)..<3 {
                #expect(parts[a].isDisjoint(with: parts[b]))
                #expect(sequences[a].isDisjoint(with: sequences[b]), "a sequence was split between shards")
            }
        }
        #expect(parts.reduce(Set<String>()) { $0.union($1) } == wholeIDs)

        // Merge: one CSV with every image and its check results, files hard-linked.
        let merged = folder + "/merged"
        #expect(await MLY360.execute(["merge", "--out", merged] + shards) == ToolExit.completed)
        let mergedCSV = merged + "/mapillary_images_metadata.csv"
        let rows = try ToolFixtures.rows(mergedCSV)
        #expect(Set(rows.compactMap { $0["id"] }) == wholeIDs)
        #expect(rows.count == wholeIDs.count)
        #expect(rows.allSatisfy { $0["jpeg_status"] == "ok" && $0["download_status"] == "downloaded" })
        #expect(rows.allSatisfy { ($0["thumbnail"] ?? "").hasPrefix("thumbnails/") })
        for row in rows {
            let id = try #require(row["id"])
            let shard = try #require(shards.indices.first { parts[$0].contains(id) })
            let source = try FileManager.default.attributesOfItem(atPath: "\(shards[shard])/\(id).jpg")
            let target = try FileManager.default.attributesOfItem(atPath: "\(merged)/\(id).jpg")
            let inode = try #require(source[.systemFileNumber] as? Int)
            #expect(inode == target[.systemFileNumber] as? Int, "\(id) is not a hard link")
            #expect(FileManager.default.fileExists(atPath: merged + "/" + (row["thumbnail"] ?? "")))
        }
        let wholeByID = Dictionary(uniqueKeysWithValues: wholeRows.map { ($0["id"] ?? "", $0["sha256"] ?? "") })
        #expect(rows.allSatisfy { wholeByID[$0["id"] ?? ""] == $0["sha256"] })

        // Idempotent: the same merge again changes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: mergedCSV))
        #expect(await MLY360.execute(["merge", "--out", merged] + shards) == ToolExit.completed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: mergedCSV)) == before)
        #expect(try ToolFixtures.rows(mergedCSV).count == wholeIDs.count)

        // Duplicates are refused before anything is written.
        let clash = folder + "/clash"
        #expect(await MLY360.execute(["merge", "--out", clash, shards[0], whole]) == ToolExit.mergeConflict)
        #expect(!FileManager.default.fileExists(atPath: clash + "/mapillary_images_metadata.csv"))
        #expect(await MLY360.execute(["merge", "--out", clash, shards[0], shards[0]]) == ToolExit.mergeConflict)
        // --move: the files leave the shard folder; merging again still completes and changes nothing.
        let moved = folder + "/moved"
        #expect(await MLY360.execute(["merge", "--move", "--out", moved, whole]) == ToolExit.completed)
        let movedIDs = Set(try ToolFixtures.rows(moved + "/mapillary_images_metadata.csv").compactMap { $0["id"] })
        #expect(movedIDs == wholeIDs)
        #expect(wholeIDs.allSatisfy { !FileManager.default.fileExists(atPath: "\(whole)/\($0).jpg") })
        #expect(wholeIDs.allSatisfy { FileManager.default.fileExists(atPath: "\(moved)/\($0).jpg") })
        #expect(await MLY360.execute(["merge", "--move", "--out", moved, whole]) == ToolExit.completed)
        // Not a dataset folder: a local I/O error; no shard: a usage error.
        #expect(await MLY360.execute(["merge", "--out", clash, folder + "/nothing"]) == ToolExit.localIO)
        #expect(await MLY360.execute(["merge", "--out", clash]) == ToolExit.usage)
    }

    @Test("--shard and --api-rate: bad values are usage errors", arguments: [
        ["--shard", "0/3"], ["--shard", "4/3"], ["--shard", "x"], ["--api-rate", "0/min"], ["--api-rate", "fast"],
        ["--api-rate", "10/s"],
    ])
    func badShardOptions(_ arguments: [String]) async {
        #expect(await MLY360.execute(["download", "--creator", "alice", "--token", Self.token] + arguments) == ToolExit.usage)
    }

    @Test("--shard 2/3 and --api-rate 1000/min reach the options")
    func options() throws {
        let options = try Download.parse(["--creator", "alice", "--token", Self.token, "--shard", "2/3", "--api-rate", "1000/min"])
            .downloadOptions()
        #expect(options.shard == (try Shard(parsing: "2/3")))
        #expect(options.apiRate == 1000)
        #expect(try Download.parse(["--creator", "alice", "--token", Self.token, "--api-rate", "500"]).downloadOptions().apiRate == 500)
    }
}
