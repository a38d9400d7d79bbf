import Foundation
import Fetch
import MapillarySimulator
import Testing
@testable import Tool

@Suite("mly360 plan")
struct PlanCommandTests {
    /// Runs the real binary and returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(CheckCommandTests.binary))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("--json estimates the images within 5 % of what download then finds; the download reuses the cached tiles",
          .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
    func estimateMatchesDownload() async throws {
        let world = WorldSpec(sequences: 40, imagesPerSequence: 20...60)
        var configuration = SimulatorConfiguration(seed: 5, world: world)
        configuration.thinning = SimulatorConfiguration.harshThinning
        let simulator = MapillarySimulator(configuration)
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let box = world.area
        let source = ["--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)", "--api-url", simulator.graphURL,
                      "--tile-rate", "6000", "--out", out] + CatalogCommandTests.token
        let (status, text) = try Self.run(["plan"] + source + ["--json"])
        #expect(status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        for key in ["images", "sequences", "requests", "bytes", "seconds"] { #expect(object[key] is NSNumber, "\(key)") }
        let planned = try #require((object["images"] as? NSNumber)?.intValue)
        #expect((object["sequences"] as? NSNumber)?.intValue ?? 0 > 0)
        #expect((object["bytes"] as? NSNumber)?.int64Value == Int64(planned) * 5_000_000)
        let stats = simulator.statistics()
        #expect(stats.tileRequests > 0)
        #expect(stats.totalGraphRequests == 0, "plan sends no Graph request")
        #expect(stats.cdnRequests == 0, "plan downloads no image")

        let code = await MLY360.execute(["download"] + source + ["--metadata-only", "--discovery", "tiles"])
        #expect(code == 0)
        let rows = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        let truth = simulator.world.images(in: box).filter { $0.isPanoramaByLabel && !$0.hostile }.count
        #expect(rows.count == truth)
        let error = abs(Double(planned - rows.count)) / Double(max(rows.count, 1))
        print("plan estimate: \(planned) images planned, \(rows.count) found, error \(String(format: "%.2f", error * 100)) %")
        #expect(error <= 0.05)
        #expect(simulator.statistics().tileRequests == stats.tileRequests, "the download read the tiles from the cache")
        try await simulator.shutdown()
    }

    @Test("the text plan names tiles, sequences, images, bytes, requests and time; a non-area source is refused",
          .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
    func textPlan() async throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 3))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let box = simulator.configuration.world.area
        let common = ["--api-url", simulator.graphURL, "--tile-rate", "6000", "--out", folder + "/out"] + CatalogCommandTests.token
        let (status, text) = try Self.run(["plan", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)"] + common)
        #expect(status == 0)
        for word in ["tiles", "cells", "sequences", "360° images", "GB at original", "requests", "time"] {
            #expect(text.contains(word), "\(word) in \(text)")
        }
        let refused = try Self.run(["plan", "--sequence", "AbCdEfGhIjKlMnOpQrStUv"] + common)
        #expect(refused.status == 2)
        try await simulator.shutdown()
    }
}

@Suite("download asks before a large plan")
struct DownloadConfirmationTests {
    @Test("the question is asked above 50 000 images or 50 GB, not at or below")
    func thresholds() {
        #expect(!Download.needsConfirmation(DiscoveryPlan(images: 50_000, bytes: 50_000_000_000)))
        #expect(Download.needsConfirmation(DiscoveryPlan(images: 50_001, bytes: 1)))
        #expect(Download.needsConfirmation(DiscoveryPlan(images: 10, bytes: 50_000_000_001)))
    }

    @Test("--yes is accepted, and a run whose input is not a terminal never waits for an answer")
    func nonInteractive() async throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 9))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let box = simulator.configuration.world.area
        for extra in [["--yes"], []] {
            let code = await MLY360.execute([
                "download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)", "--api-url", simulator.graphURL,
                "--tile-rate", "6000", "--out", folder + "/out", "--metadata-only",
            ] + extra + CatalogCommandTests.token)
            #expect(code == 0)
        }
        try await simulator.shutdown()
    }
}
