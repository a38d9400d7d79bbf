import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

/// Issue 7 §3: a partially downloaded original is resumed with HTTP `Range` when the CDN offers ranges.
@Suite("Range resume of partial downloads")
struct RangeResumeTests {
    static func sha256(_ bytes: [UInt8]) -> String {
        var hasher = SHA256Hex.Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }

    @Test("connections reset halfway are resumed with Range: every file byte-identical, SHA-256 of the whole file, no .part")
    func resetsResume() async throws {
        try await DownloadFixture.with(faults: FaultPlan(cdnResetEvery: 3)) { simulator, out in
            let summary = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            #expect(summary.failed == 0, "\(summary.failedByReason)")
            let stats = simulator.statistics()
            #expect(stats.cdnRangeRequests > 0, "the resets must have been resumed with Range")
            #expect(stats.cdnStatuses[206, default: 0] > 0)
            let catalog = try Catalog(folder: out)
            for id in DownloadFixture.expectedPanoramas(simulator) {
                let row = try #require(try catalog.image(id))
                let resolution = try #require(row.resolution)
                let served = try #require(simulator.jpegBytes(for: id, resolution: resolution))
                let onDisk = [UInt8](try #require(FileManager.default.contents(atPath: "\(out)/\(id).jpg")))
                #expect(onDisk == served, "image \(id)")
                #expect(row.sha256 == Self.sha256(served), "image \(id)")
            }
            #expect(DownloadFixture.allFiles(below: out).filter { $0.hasSuffix(".part") }.isEmpty)
        }
    }

    @Test("a .part left by a killed run is kept at resume and completed with one Range request")
    func partFromEarlierRun() async throws {
        try await DownloadFixture.with { simulator, out in
            let options = DownloadFixture.options(simulator, out: out)
            _ = try await DownloadRun(options: options).run()
            let catalog = try Catalog(folder: out)
            let id = try #require(DownloadFixture.expectedPanoramas(simulator).sorted().first)
            let resolution = try #require(try catalog.image(id)?.resolution)
            let served = try #require(simulator.jpegBytes(for: id, resolution: resolution))
            // As a killed run leaves it: the first half under the .part name, no final file, no record.
            unlink("\(out)/\(id).jpg")
            try catalog.clearDownloads([id])
            try Data(served.prefix(served.count / 2)).write(to: URL(fileURLWithPath: "\(out)/\(id).jpg.part"))
            simulator.resetStatistics()

            let summary = try await DownloadRun(options: options).run()
            #expect(summary.downloaded == 1)
            #expect(summary.failed == 0)
            let stats = simulator.statistics()
            #expect(stats.cdnRangeRequests == 1)
            #expect(stats.cdnBytes == served.count - served.count / 2, "only the missing half was sent")
            let onDisk = [UInt8](try #require(FileManager.default.contents(atPath: "\(out)/\(id).jpg")))
            #expect(onDisk == served)
            #expect(try catalog.image(id)?.sha256 == Self.sha256(served))
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(id).jpg.part"))
        }
    }
}
