import Catalog
import Fetch
import Foundation
import MapillarySimulator
import NIOConcurrencyHelpers
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Interrupted runs resume with nothing lost and nothing downloaded twice")
struct ResumeTests {
    /// Ids with a verified file in the state of `out`.
    static func verifiedIDs(_ out: String) throws -> Set<String> {
        try DownloadFixture.verifiedIDs(out)
    }

    @Test("cancelling a run mid-download, then running again")
    func cancelThenResume() async throws {
        let faults = FaultPlan(latency: .milliseconds(15))
        try await DownloadFixture.with(faults: faults) { simulator, out in
            var options = DownloadFixture.options(simulator, out: out, concurrency: 2)
            options.progressInterval = .milliseconds(5)
            let handle = NIOLockedValueBox<Task<DownloadSummary, any Error>?>(nil)
            let wantStop = NIOLockedValueBox(false)
            let run = try DownloadRun(options: options)
            let task = Task {
                try await run.run { progress in
                    guard progress.imagesDone >= 6 else { return }
                    wantStop.withLockedValue { $0 = true }
                    handle.withLockedValue { $0?.cancel() }
                }
            }
            handle.withLockedValue { $0 = task }
            if wantStop.withLockedValue({ $0 }) { task.cancel() }
            let first = try await task.value
            #expect(first.interrupted)
            #expect(first.downloaded >= 6)
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(first.downloaded < expected.count, "the run finished before it could be interrupted")
            #expect(DownloadFixture.allFiles(below: out).filter { $0.hasSuffix(".part") }.isEmpty)
            #expect(try DownloadFixture.csv(out).hasPrefix("id,filename,"))
            let verifiedFirst = try Self.verifiedIDs(out)
            #expect(DownloadFixture.jpegIDs(in: out) == verifiedFirst, "every file on disk is verified and vice versa")

            options.progressInterval = .milliseconds(250)
            let second = try await DownloadRun(options: options).run()
            #expect(!second.interrupted)
            #expect(second.failed == 0)
            #expect(DownloadFixture.jpegIDs(in: out) == expected)
            #expect(second.present == verifiedFirst.count)
            #expect(second.downloaded == expected.count - verifiedFirst.count)
            let statistics = simulator.statistics()
            for id in verifiedFirst { #expect(statistics.cdnRequestsPerImage[id] == 1, "image \(id) fetched twice") }
        }
    }

    @Test("a file renamed into place but not yet recorded is re-verified, not downloaded again")
    func unrecordedFileIsReverified() async throws {
        try await DownloadFixture.with { simulator, out in
            let options = DownloadFixture.options(simulator, out: out)
            _ = try await DownloadRun(options: options).run()
            let store = try Catalog(folder: out)
            let ids = Array(DownloadFixture.expectedPanoramas(simulator).prefix(3))
            try store.clearDownloads(ids)
            // A stale .part from a killed run, and a truncated file under a final name.
            let truncated = try #require(DownloadFixture.expectedPanoramas(simulator).subtracting(ids).first)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(truncated).jpg"))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: "\(out)/\(truncated).jpg"))
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: "\(out)/\(ids[0]).jpg.part"))
            simulator.resetStatistics()

            let summary = try await DownloadRun(options: options).run()
            #expect(summary.failed == 0)
            #expect(summary.downloaded == 1, "only the truncated file is fetched again")
            let statistics = simulator.statistics()
            for id in ids {
                #expect(statistics.cdnRequestsPerImage[id] == nil)
                #expect(try store.image(id)?.downloadStatus == .present)
            }
            #expect(statistics.cdnRequestsPerImage[truncated] == 1)
            // The .part of an image that is pending is kept for a Range resume; its complete file on disk is
            // re-verified instead, and the partial file removed then.
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(ids[0]).jpg.part"))
        }
    }

    /// The built `mly360` binary, or nil when it has not been built.
    static var toolBinary: String? {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        for candidate in ["\(repo)/.build/debug/mly360", "\(repo)/.build/release/mly360"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    @Test("SIGKILL mid-download, then rerun: all panoramas present, no .part, verified files not fetched again",
          .enabled(if: ResumeTests.toolBinary != nil, "the mly360 binary is not built"))
    func sigkillThenResume() async throws {
        let binary = try #require(Self.toolBinary)
        // 80 ms a response keeps the first run going for seconds (two downloads at a time), so the kill lands
        // mid-run even when this test process is starved (under AddressSanitizer, 20 ms let the plain-build
        // child finish before the polling below saw its fifth file).
        try await DownloadFixture.with(faults: FaultPlan(latency: .milliseconds(80))) { simulator, out in
            let box = simulator.configuration.world.area
            let arguments = ["download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)",
                             "--api-url", simulator.graphURL, "--out", out, "--no-check", "--concurrency", "2"]
            var environment = ProcessInfo.processInfo.environment
            environment["MAPILLARY_ACCESS_TOKEN"] = MapillarySimulator.defaultToken

            let first = Process()
            first.executableURL = URL(fileURLWithPath: binary)
            first.arguments = arguments
            first.environment = environment
            first.standardOutput = FileHandle.nullDevice
            first.standardError = FileHandle.nullDevice
            try first.run()
            // Wait (bounded) until some images are on disk, then kill without warning.
            var polls = 0
            while first.isRunning, DownloadFixture.jpegIDs(in: out).count < 5, polls < 3000 {
                try await Task.sleep(for: .milliseconds(5))
                polls += 1
            }
            let killedMidRun = first.isRunning
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(killedMidRun, "the first run ended before it could be killed")
            let verifiedAfterKill = try Self.verifiedIDs(out)

            let second = Process()
            second.executableURL = URL(fileURLWithPath: binary)
            second.arguments = arguments
            second.environment = environment
            second.standardOutput = FileHandle.nullDevice
            second.standardError = FileHandle.nullDevice
            try second.run()
            second.waitUntilExit()
            #expect(second.terminationStatus == 0)

            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(DownloadFixture.jpegIDs(in: out) == expected)
            #expect(DownloadFixture.allFiles(below: out).filter { $0.hasSuffix(".part") }.isEmpty)
            let statistics = simulator.statistics()
            for id in verifiedAfterKill { #expect(statistics.cdnRequestsPerImage[id] == 1, "image \(id) fetched twice") }
            let state = try Catalog(folder: out)
            for id in expected { #expect(try state.image(id)?.isVerified == true, "image \(id)") }
        }
    }
}
