import ArgumentParser
import Catalog
import Fetch
import Foundation
import GRDB
import MapillarySimulator
import Testing
@testable import Tool

@Suite("One catalogue per folder: commands as a new user meets them")
struct CatalogCommandTests {
    static let token = ["--token", MapillarySimulator.defaultToken]

    /// Runs `mly360 download` over the world's area into `out` against `simulator`.
    static func download(_ simulator: MapillarySimulator, out: String, _ extra: [String] = []) async -> Int32 {
        let box = simulator.configuration.world.area
        return await MLY360.execute([
            "download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)",
            "--api-url", simulator.graphURL, "--tile-rate", "6000", "--out", out, "--thumbnail-size", "32",
        ] + Self.token + extra)
    }

    static func panoramas(_ simulator: MapillarySimulator) -> Set<String> {
        let area = simulator.configuration.world.area
        return Set(simulator.world.panoramas.filter { area.contains(lon: $0.lon, lat: $0.lat) }.map(\.id))
    }

    @Test("without --refresh discovery is reused (0 searches); --refresh finds images uploaded since and downloads only those")
    func refresh() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 5, world: WorldSpec(sequences: 4, imagesPerSequence: 3...4, panoFraction: 1)))
        try await simulator.start()
        #expect(await Self.download(simulator, out: out) == ToolExit.completed)
        let all = Self.panoramas(simulator)
        // Make one sequence "uploaded since": the folder forgets its images (as if the first run predated them).
        let late = try #require(simulator.world.panoramas.first?.sequence)
        let lateIDs = Set(simulator.world.panoramas.filter { $0.sequence == late }.map(\.id)).intersection(all)
        let database = try DatabaseQueue(path: out + "/.mly360/state.sqlite")
        try await database.write { db in
            for id in lateIDs { try db.execute(sql: "DELETE FROM image WHERE id = ?", arguments: [id]) }
        }
        for id in lateIDs { try FileManager.default.removeItem(atPath: out + "/\(id).jpg") }
        try FileManager.default.removeItem(atPath: out + "/mapillary_images_metadata.csv")

        simulator.resetStatistics()
        #expect(await Self.download(simulator, out: out) == ToolExit.completed)
        #expect(simulator.statistics().graphRequests["bbox", default: 0] == 0, "discovery was reused")
        #expect(simulator.statistics().cdnRequests == 0)
        #expect(try ToolFixtures.rows(out + "/mapillary_images_metadata.csv").count == all.count - lateIDs.count)

        simulator.resetStatistics()
        #expect(await Self.download(simulator, out: out, ["--refresh"]) == ToolExit.completed)
        #expect(simulator.statistics().graphRequests["bbox", default: 0] > 0)
        #expect(Set(simulator.statistics().cdnRequestsPerImage.keys) == lateIDs, "only the new images are downloaded")
        let rows = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        #expect(Set(rows.map { $0["id"] ?? "" }) == all)
        try await simulator.shutdown()
    }

    @Test("a resumed download re-checks only new or changed files; download and check keep one row per image")
    func resumedDownloadChecksIncrementally() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 9, world: WorldSpec(sequences: 2, imagesPerSequence: 3...3, panoFraction: 1)))
        try await simulator.start()
        defer { Task { try? await simulator.shutdown() } }
        #expect(await Self.download(simulator, out: out) == ToolExit.completed)
        let rows = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        func thumbnailTimes() throws -> [String: Date] {
            var times: [String: Date] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out + "/thumbnails") {
                times[name] = try FileManager.default.attributesOfItem(atPath: out + "/thumbnails/" + name)[.modificationDate] as? Date
            }
            return times
        }
        let before = try thumbnailTimes()
        #expect(before.count == rows.count)
        try await Task.sleep(for: .milliseconds(20))

        // One file changed on disk: only it is fetched again and re-checked.
        let changed = try #require(rows.first?["id"])
        try Data("broken".utf8).write(to: URL(fileURLWithPath: out + "/\(changed).jpg"))
        #expect(await Self.download(simulator, out: out) == ToolExit.completed)
        let after = try thumbnailTimes()
        for (name, time) in before {
            #expect((after[name] == time) == (name != changed + ".jpg"), "\(name)")
        }
        // Any mix of commands and flags keeps one row per image, with the same ids.
        #expect(await MLY360.execute(["check", out, "--no-thumbnails"]) == 0)
        #expect(await MLY360.execute(["check", out, "--force", "--thumbnail-size", "32"]) == 0)
        let again = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        #expect(again.map { $0["id"] ?? "" }.sorted() == rows.map { $0["id"] ?? "" }.sorted())
        #expect(again.allSatisfy { $0["jpeg_status"] == "ok" && $0["download_status"] != "" })
    }

    @Test("a changed --resolution is honoured: the files are downloaded again and replaced")
    func resolutionChange() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 7, world: WorldSpec(sequences: 2, imagesPerSequence: 2...3, panoFraction: 1)))
        try await simulator.start()
        defer { Task { try? await simulator.shutdown() } }
        #expect(await Self.download(simulator, out: out, ["--resolution", "256"]) == ToolExit.completed)
        let small = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        func width(_ row: [String: String], _ resolution: String) -> String {
            simulator.servedSize(for: row["id"] ?? "", resolution: resolution).map { String($0.width) } ?? "?"
        }
        #expect(small.allSatisfy { $0["resolution"] == "256" && $0["pixel_width"] == width($0, "256") })
        simulator.resetStatistics()
        #expect(await Self.download(simulator, out: out, ["--resolution", "1024"]) == ToolExit.completed)
        let large = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        #expect(large.count == small.count)
        for row in large {
            #expect(row["resolution"] == "1024" && row["pixel_width"] == width(row, "1024") && row["download_status"] == "downloaded",
                    "\(row["resolution"] ?? "") \(row["pixel_width"] ?? "") \(row["download_status"] ?? "")")
        }
        #expect(simulator.statistics().cdnRequests == small.count)
        #expect(Set(large.map { $0["sha256"] ?? "" }).isDisjoint(with: small.map { $0["sha256"] ?? "" }))
    }

    @Test("an API that cannot be reached: exit 5 naming the address, no rows, never 'finished' (the real binary)",
          .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
    func unreachable() throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(CheckCommandTests.binary))
        process.arguments = ["download", "--bbox", "13.40,52.50,13.42,52.52", "--api-url", "http://127.0.0.1:1",
                             "--out", folder + "/out"] + Self.token
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let started = Date()
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        print("unreachable API: exit \(process.terminationStatus) after \(String(format: "%.2f", seconds)) s: \(text)")
        #expect(process.terminationStatus == 5)
        #expect(text.contains("http://127.0.0.1:1") && text.contains("connection refused"))
        #expect(!text.contains("finished"))
        #expect(!text.contains(MapillarySimulator.defaultToken))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"), "a first run that could not work leaves nothing")
    }

    @Test("an empty folder: 'no JPEG files found', exit 0, nothing written")
    func emptyFolder() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await MLY360.execute(["check", folder]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("mly360 report: a checked folder gets report.html (or --out, creating its folder); an empty one writes nothing; an unwritable --out exits 3")
    func reportCommand() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await MLY360.execute(["report", folder]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing to review, nothing written")
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(Array("x".utf8), folder + "/plain")
        #expect(await MLY360.execute(["check", folder]) == 0)
        #expect(await MLY360.execute(["report", folder]) == 0)
        let page = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(page.contains(#""a.jpg""#) && page.contains(#""thumbnails/a.jpg""#))
        #expect(await MLY360.execute(["report", folder, "--out", folder + "/review/deep/page.html", "--title", "t"]) == 0)
        let moved = try String(contentsOfFile: folder + "/review/deep/page.html", encoding: .utf8)
        #expect(moved.contains(#""../../thumbnails/a.jpg""#), "paths are relative to the page")
        #expect(await MLY360.execute(["report", folder, "--out", folder + "/plain/page.html"]) == 3)
    }

    @Test("an unwritable CSV or thumbnails folder is found before any file is read (exit 3)")
    func unwritableOutputs() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(Array("x".utf8), folder + "/plain")
        #expect(await MLY360.execute(["check", folder, "--csv", folder + "/plain/x.csv"]) == 3)
        try FileManager.default.createDirectory(atPath: folder + "/dir.csv", withIntermediateDirectories: false)
        #expect(await MLY360.execute(["check", folder, "--csv", folder + "/dir.csv"]) == 3)
        #expect(await MLY360.execute(["check", folder, "--thumbnails", folder + "/plain/thumbs"]) == 3)
        #expect(!FileManager.default.fileExists(atPath: folder + "/mapillary_images_metadata.csv"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/thumbnails"), "nothing was checked")
    }

    @Test("--polygon problems name the reason and exit 3", arguments: [
        ("missing", "No such file or directory"),
        ("broken", "not valid JSON"),
        ("point", "no Polygon or MultiPolygon"),
    ])
    func polygonErrors(_ kind: String, _ reason: String) async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/area.geojson"
        switch kind {
        case "broken": try ToolFixtures.write(Array(#"{"type": "Polygon", "coordinates": [[[1,2],"#.utf8), path)
        case "point": try ToolFixtures.write(Array(#"{"type": "Point", "coordinates": [1,2]}"#.utf8), path)
        default: break
        }
        #expect(throws: PolygonFileError.self) { _ = try Download.readPolygon(path) }
        do {
            _ = try Download.readPolygon(path)
        } catch let error as PolygonFileError {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains(path))
        }
        #expect(await MLY360.execute(["download", "--polygon", path, "--out", folder + "/out"] + Self.token) == 3)
    }

    @Test("negative numbers get a range message, not 'missing value'", arguments: [
        (["check", "/tmp", "--jobs", "-1"], "--jobs must be 1…256, not -1."),
        (["check", "/tmp", "--thumbnail-size", "-5"], "--thumbnail-size must be 16…8192, not -5."),
        (["download", "--creator", "a", "--concurrency", "-2", "--token", "t"], "--concurrency must be 1…256, not -2."),
    ])
    func negativeNumbers(_ arguments: [String], _ message: String) {
        do {
            _ = try MLY360.parseAsRoot(arguments)
            Issue.record("parsed")
        } catch {
            #expect(MLY360.fullMessage(for: error).contains(message), "\(MLY360.fullMessage(for: error))")
        }
    }

    @Test("--help shows the ranges")
    func helpRanges() {
        let check = MLY360.helpMessage(for: Check.self)
        #expect(check.contains("1-256") && check.contains("16-8192") && check.contains("--force") && check.contains("--verbose"))
        let download = MLY360.helpMessage(for: Download.self)
        #expect(download.contains("1-64") && download.contains("--refresh"))
    }

    @Test("mly360 split: shares printed, bad ratios are usage errors, an empty catalogue writes nothing")
    func splitCommand() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await MLY360.execute(["split", folder, "--ratios", "0.5,0.6,0.1"]) == ToolExit.usage)
        #expect(await MLY360.execute(["split", folder, "--by", "colour"]) == ToolExit.usage)
        #expect(await MLY360.execute(["split", folder]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        for index in 0..<4 { try ToolFixtures.write(try ToolFixtures.jpeg(width: 64 + index * 8, height: 32), folder + "/f\(index).jpg") }
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails"]) == 0)
        #expect(await MLY360.execute(["split", folder, "--ratios", "0.5,0.25,0.25", "--seed", "9"]) == 0)
        let rows = try ToolFixtures.rows(folder + "/mapillary_images_metadata.csv")
        #expect(rows.count == 4 && rows.allSatisfy { ["train", "val", "test"].contains($0["split"] ?? "") })
    }
}
