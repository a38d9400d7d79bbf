import Catalog
import ArgumentParser
import Fetch
import Foundation
import MapillarySimulator
import Testing
@testable import Tool

@Suite("mly360 download: arguments and exit codes (in-process)")
struct DownloadCommandTests {
    static let token = ["--token", "MLY|1|00000000000000000000000000000000"]

    @Test("a bbox starting with '-' parses with a space and with '='", arguments: [
        ["--bbox", "-102.4486,44.0658,-102.4386,44.0758"], ["--bbox=-102.4486,44.0658,-102.4386,44.0758"],
    ])
    func negativeBBox(_ arguments: [String]) throws {
        let command = try Download.parse(arguments + Self.token)
        guard case .bbox(let box) = try command.source() else {
            Issue.record("not a bbox source")
            return
        }
        #expect(box.minLon == -102.4486)
        #expect(box.minLat == 44.0658)
        #expect(box.maxLon == -102.4386)
        #expect(box.maxLat == 44.0758)
    }

    @Test("a --bbox across the antimeridian is accepted and split in two at ±180")
    func antimeridianBBox() throws {
        let command = try Download.parse(["--bbox", "179.9,-17.1,-179.9,-16.9"] + Self.token)
        guard case .boxes(let boxes) = try command.source() else {
            Issue.record("not split into boxes")
            return
        }
        #expect(boxes.map(\.parameter) == ["179.9,-17.1,180,-16.9", "-180,-17.1,-179.9,-16.9"])
    }

    @Test("sources and lists parse", arguments: [
        (["--sequence", "-abc_DEF,d7DlxwUTp6JZaIWKHGtnMQ"], "sequences"),
        (["--image", "1447075489494186, 26774514888887982,1447075489494186"], "images"),
        (["--creator", "trekviewhq"], "creator"),
    ])
    func sources(_ arguments: [String], _ kind: String) throws {
        let source = try Download.parse(arguments + Self.token).source()
        switch source {
        case .sequences(let keys): #expect(kind == "sequences" && keys == ["-abc_DEF", "d7DlxwUTp6JZaIWKHGtnMQ"])
        case .images(let ids): #expect(kind == "images" && ids == ["1447075489494186", "26774514888887982"])
        case .creator(let name): #expect(kind == "creator" && name == "trekviewhq")
        default: Issue.record("unexpected source \(source)")
        }
    }

    @Test("usage errors exit 2", arguments: [
        [String](),
        ["--bbox", "13.38,52.49,13.42,52.52", "--creator", "alice"],
        ["--bbox", "44.0658,-102.4486,44.0758,-102.4386"],
        ["--bbox", "13.42,52.49,13.38,52.52"],
        ["--bbox", "1,2,3"],
        ["--image", "../../etc/passwd"],
        ["--sequence", "not a key"],
        ["--creator", "alice", "--since", "2023-02-30"],
        ["--creator", "alice", "--until", "yesterday"],
        ["--creator", "alice", "--since", "2023-06-02", "--until", "2023-06-01"],
        ["--creator", "alice", "--resolution", "4096"],
        ["--creator", "alice", "--concurrency", "0"],
        ["--creator", "alice", "--api-url", "ftp://example.com"],
        ["--creator", "alice", "--concurrency", "-3"],
        ["--creator", "alice", "--max-images", "-1"],
    ])
    func usageErrors(_ arguments: [String]) async {
        #expect(await MLY360.execute(["download"] + arguments + Self.token) == ToolExit.usage)
    }

    @Test("a missing token is a usage error that says where to get one")
    func missingToken() async throws {
        #expect {
            _ = try Download.resolveToken(option: nil, environment: [:])
        } throws: { error in
            "\(error)".contains("MAPILLARY_ACCESS_TOKEN") && "\(error)".contains("mapillary.com/dashboard/developers")
        }
        #expect(try Download.resolveToken(option: nil, environment: ["MAPILLARY_ACCESS_TOKEN": " MLY|x "]) == "MLY|x")
        #expect(try Download.resolveToken(option: "MLY|a", environment: ["MAPILLARY_ACCESS_TOKEN": "MLY|b"]) == "MLY|a")
        if ProcessInfo.processInfo.environment["MAPILLARY_ACCESS_TOKEN"] == nil {
            #expect(await MLY360.execute(["download", "--creator", "alice"]) == ToolExit.usage)
        }
    }

    @Test("dates are inclusive; a bare --until date is the end of that day, UTC", arguments: [
        ("--since", "2023-06-01", "2023-06-01T00:00:00.000Z"),
        ("--until", "2023-06-01", "2023-06-01T23:59:59.999Z"),
        ("--since", "2023-06-01T08:30:00Z", "2023-06-01T08:30:00.000Z"),
        ("--since", "2023-06-01T08:30:00", "2023-06-01T08:30:00.000Z"),
        ("--until", "2023-06-01T08:30:00+02:00", "2023-06-01T06:30:00.000Z"),
        ("--since", "2023-06-01T08:30:00.250Z", "2023-06-01T08:30:00.250Z"),
    ])
    func dates(_ option: String, _ value: String, _ expected: String) throws {
        let options = try Download.parse(["--creator", "alice", option, value] + Self.token).downloadOptions()
        let date = try #require(option == "--since" ? options.since : options.until)
        #expect(CatalogCSV.isoTimestamp(Int64((date.timeIntervalSince1970 * 1000).rounded())) == expected)
    }

    /// Runs `mly360 download` against a fresh simulator; returns the exit code and the output folder's CSV rows.
    static func run(_ extra: [String], faults: FaultPlan = FaultPlan(), token: String = MapillarySimulator.defaultToken,
                    out: ((String) -> String)? = nil) async throws -> (code: Int32, rows: [[String: String]]) {
        let world = WorldSpec(sequences: 3, imagesPerSequence: 3...5, panoFraction: 1)
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 3, world: world, faults: faults))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = out?(folder) ?? folder + "/out"
        let box = world.area
        let code = await MLY360.execute([
            "download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)",
            "--api-url", simulator.graphURL, "--tile-rate", "6000", "--token", token, "--out", target,
        ] + extra)
        try await simulator.shutdown()
        let csv = target + "/mapillary_images_metadata.csv"
        let rows = FileManager.default.fileExists(atPath: csv) ? try ToolFixtures.rows(csv) : []
        return (code, rows)
    }

    @Test("a complete run exits 0, writes one row per image and merges the QA columns")
    func completed() async throws {
        let (code, rows) = try await Self.run(["--thumbnail-size", "64"])
        #expect(code == ToolExit.completed)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["download_status"] == "downloaded" })
        #expect(rows.allSatisfy { $0["jpeg_status"] == "ok" })
        #expect(rows.allSatisfy { ($0["thumbnail"] ?? "").hasPrefix("thumbnails/") })
    }

    @Test("failed images exit 0, or 1 with --strict")
    func failedImages() async throws {
        let expired = FaultPlan(urlTTL: .zero)
        let plain = try await Self.run(["--no-check"], faults: expired)
        #expect(plain.code == ToolExit.completed)
        #expect(!plain.rows.isEmpty)
        #expect(plain.rows.allSatisfy { $0["download_status"] == "failed" && !($0["download_error"] ?? "").isEmpty })
        #expect(try await Self.run(["--no-check", "--strict"], faults: expired).code == ToolExit.strictFailure)
    }

    @Test("a rejected token exits 4")
    func tokenRejected() async throws {
        #expect(try await Self.run(["--no-check"], token: "MLY|9|ffffffffffffffffffffffffffffffff").code
            == ToolExit.tokenRejected)
    }

    @Test("an output folder that cannot be created exits 3")
    func localIO() async throws {
        let result = try await Self.run(["--no-check"]) { folder in
            FileManager.default.createFile(atPath: folder + "/file", contents: Data("x".utf8))
            return folder + "/file/out"
        }
        #expect(result.code == ToolExit.localIO)
    }
}
