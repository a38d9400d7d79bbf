import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Temporary folders, simulators and options shared by the download suites.
enum DownloadFixture {
    /// A fresh empty folder under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        var base = NSTemporaryDirectory()
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/mly360-c2-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil, "mkdtemp failed")
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Runs `body` with a started simulator and a temporary output folder; always cleans both up.
    static func with<T>(world: WorldSpec = WorldSpec(), faults: FaultPlan = FaultPlan(), seed: UInt64 = 11,
                        _ body: (MapillarySimulator, String) async throws -> T) async throws -> T {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: seed, world: world, faults: faults))
        try await simulator.start()
        let folder = try temporaryDirectory()
        do {
            let result = try await body(simulator, folder + "/out")
            try await simulator.shutdown()
            try? FileManager.default.removeItem(atPath: folder)
            return result
        } catch {
            try? await simulator.shutdown()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Options for a run against `simulator` with tiny retry delays.
    static func options(_ simulator: MapillarySimulator, out: String, source: DiscoverySource? = nil,
                        token: String = MapillarySimulator.defaultToken, concurrency: Int = 8) -> DownloadOptions {
        let box = simulator.configuration.world.area
        let area = BoundingBox(minLon: box.minLon, minLat: box.minLat, maxLon: box.maxLon, maxLat: box.maxLat)
        var options = DownloadOptions(
            source: source ?? .bbox(area), outDirectory: out, token: token, apiURL: simulator.graphURL,
            concurrency: concurrency, retry: .fast(),
            cdn: CDNDownloader.Configuration(backoffBase: .milliseconds(1), backoffCap: .milliseconds(5)),
            progressInterval: .milliseconds(20))
        options.tileRate = 60_000
        return options
    }

    /// The ids of the `.jpg` files in `folder`.
    static func jpegIDs(in folder: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(names.filter { $0.hasSuffix(".jpg") }.map { String($0.dropLast(4)) })
    }

    /// Every regular file below `folder`, recursively (hidden ones included).
    static func allFiles(below folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files
    }

    /// The ids of the world's panoramas that lie in the world's area (what a bbox run must find).
    static func expectedPanoramas(_ simulator: MapillarySimulator) -> Set<String> {
        let area = simulator.configuration.world.area
        return Set(simulator.world.panoramas.filter { area.contains(lon: $0.lon, lat: $0.lat) }.map(\.id))
    }
}

@Suite("DownloadRun against the simulator")
struct DownloadRunTests {
    @Test("a bbox run downloads every panorama, byte-identical, and counts them")
    func completeRun() async throws {
        try await DownloadFixture.with { simulator, out in
            let summary = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(!expected.isEmpty)
            #expect(DownloadFixture.jpegIDs(in: out) == expected)
            #expect(summary.found == expected.count)
            #expect(summary.downloaded == expected.count)
            #expect(summary.present == 0)
            #expect(summary.failed == 0)
            #expect(summary.pending == 0)
            #expect(!summary.interrupted)
            #expect(summary.bytes > 0)

            let state = try Catalog(folder: out)
            for id in expected {
                let row = try #require(try state.image(id))
                let resolution = try #require(row.resolution)
                let served = try #require(simulator.jpegBytes(for: id, resolution: resolution))
                let onDisk = try #require(FileManager.default.contents(atPath: "\(out)/\(id).jpg"))
                #expect([UInt8](onDisk) == served, "image \(id) differs from what the CDN served")
                #expect(row.bytes == Int64(served.count))
                #expect(row.downloadStatus == .downloaded)
                #expect(row.isVerified)
            }
            let leftovers = DownloadFixture.allFiles(below: out).filter { $0.hasSuffix(".part") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("an image without thumb_original_url falls back to 2048 and records it")
    func fallbackResolution() async throws {
        let world = WorldSpec(missingOriginalFraction: 0.5)
        try await DownloadFixture.with(world: world) { simulator, out in
            _ = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            let missing = simulator.world.panoramas.filter { !$0.hasOriginalURL }.map(\.id)
                .filter(DownloadFixture.expectedPanoramas(simulator).contains)
            #expect(!missing.isEmpty)
            let state = try Catalog(folder: out)
            for id in missing {
                let row = try #require(try state.image(id))
                #expect(row.resolution == "2048", "image \(id)")
                let served = try #require(simulator.jpegBytes(for: id, resolution: "2048"))
                #expect(row.bytes == Int64(served.count))
            }
            let withOriginal = simulator.world.panoramas.filter(\.hasOriginalURL).map(\.id)
                .filter(DownloadFixture.expectedPanoramas(simulator).contains)
            for id in withOriginal.prefix(5) {
                #expect(try state.image(id)?.resolution == "original")
            }
        }
    }

    @Test("a 403 'URL signature expired' is refreshed through the Graph API and retried once")
    func expiredURLRefreshed() async throws {
        try await DownloadFixture.with(faults: FaultPlan(expireFirstCDNAttempt: true)) { simulator, out in
            let summary = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(summary.downloaded == expected.count)
            #expect(summary.failed == 0)
            let statistics = simulator.statistics()
            for id in expected { #expect(statistics.cdnRequestsPerImage[id] == 2, "image \(id)") }
        }
    }

    @Test("URLs that stay expired become failed rows with a reason, and the run still completes")
    func expiredForGood() async throws {
        let world = WorldSpec(sequences: 3, imagesPerSequence: 3...4, panoFraction: 1)
        try await DownloadFixture.with(world: world, faults: FaultPlan(urlTTL: .zero)) { simulator, out in
            let summary = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            #expect(summary.downloaded == 0)
            #expect(summary.failed == summary.found)
            #expect(summary.failedByReason["cdn 403 after URL refresh"] == summary.found)
            #expect(DownloadFixture.jpegIDs(in: out).isEmpty)
            let csv = try DownloadFixture.csv(out)
            let failedRows = csv.components(separatedBy: "\r\n").filter { $0.contains(",failed,cdn 403 after URL refresh") }
            #expect(failedRows.count == summary.found)
        }
    }

    @Test("connection resets mid-body are retried and the final files are complete")
    func resetsMidBody() async throws {
        try await DownloadFixture.with(faults: FaultPlan(cdnResetEvery: 3)) { simulator, out in
            // One download at a time makes the schedule deterministic: every third request is cut, and the
            // retry of a cut file is the next request, so no file can be cut on all its attempts by chance.
            var options = DownloadFixture.options(simulator, out: out)
            options.concurrency = 1
            let summary = try await DownloadRun(options: options).run()
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(summary.downloaded == expected.count)
            #expect(summary.failed == 0)
            let state = try Catalog(folder: out)
            for id in expected {
                let row = try #require(try state.image(id))
                let wanted = try #require(simulator.jpegBytes(for: id, resolution: row.resolution ?? ""))
                let onDisk = try #require(FileManager.default.contents(atPath: "\(out)/\(id).jpg"))
                #expect([UInt8](onDisk) == wanted, "image \(id)")
            }
            #expect(simulator.statistics().cdnRequests > expected.count, "no reset was injected")
        }
    }

    @Test("--metadata-only writes the CSV and no image")
    func metadataOnly() async throws {
        try await DownloadFixture.with { simulator, out in
            var options = DownloadFixture.options(simulator, out: out)
            options.metadataOnly = true
            let summary = try await DownloadRun(options: options).run()
            #expect(DownloadFixture.jpegIDs(in: out).isEmpty)
            #expect(summary.found == DownloadFixture.expectedPanoramas(simulator).count)
            #expect(summary.pending == summary.found)
            #expect(simulator.statistics().cdnRequests == 0)
            #expect(try DownloadFixture.csv(out).hasPrefix("id,filename,"))
        }
    }

    @Test("a rejected token stops the run with authRejected")
    func tokenRejected() async throws {
        try await DownloadFixture.with { simulator, out in
            let options = DownloadFixture.options(simulator, out: out, token: "MLY|1|ffffffffffffffffffffffffffffffff")
            await #expect {
                _ = try await DownloadRun(options: options).run()
            } throws: { error in
                guard case FetchError.authRejected = error else { return false }
                return true
            }
            #expect(simulator.statistics().cdnRequests == 0)
        }
    }

    @Test("a hostile API never makes a file outside OUT, and odd records become rows or skips")
    func hostileAPI() async throws {
        try await DownloadFixture.with(faults: FaultPlan(hostile: true)) { simulator, out in
            var options = DownloadFixture.options(simulator, out: out)
            options.includeFlat = true
            let parent = (out as NSString).deletingLastPathComponent
            _ = try await DownloadRun(options: options).run()
            for path in DownloadFixture.allFiles(below: parent) {
                #expect(path.hasPrefix(out + "/"), "file outside OUT: \(path)")
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            for name in names where name != ".mly360" && name != CatalogCSV.fileName {
                let stem = name.hasSuffix(".jpg") ? String(name.dropLast(4)) : name
                #expect(MapillaryImage.isValidID(stem), "unexpected file \(name)")
            }
            #expect(!FileManager.default.fileExists(atPath: "/etc/passwd.jpg"))
        }
    }
}
