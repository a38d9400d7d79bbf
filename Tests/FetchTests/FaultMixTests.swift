import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

/// Issue 7 §3: under the fault mix of the report (10 % HTTP 500, 5 % query timeouts, 5 % CDN resets, 5 % CDN
/// 503, 20 % empty batches, and a 429 storm at the start), drawn at random with a different seed per run, no
/// run may lose an image.
///
/// The cause of the old loss: a Graph request got a fixed number of retries (4 for a query timeout, counting
/// every earlier failure of any class), so a request that met a few failures in a row gave up; its error
/// ended the sequence expansion's task group, which cancelled every other expansion, and discovery stopped
/// with most sequences never listed. The storm made it worse: every request in flight spent its retries on
/// 429s.
@Suite("The issue-7 fault mix loses no image")
struct FaultMixTests {
    /// The report's mix, at random (seeded by the simulator's seed).
    static let mix = FaultPlan(
        graph500Every: 10, timeoutEvery: 20, cdnResetEvery: 20, batchGlitchEvery: 5,
        cdn503Every: 20, rateLimitStorm: 40, randomized: true)

    /// A small world, so twenty runs stay quick.
    static let world = WorldSpec(sequences: 8, imagesPerSequence: 6...14, panoFraction: 1)

    @Test("twenty seeds of the fault mix: every panorama is downloaded, discovery finishes, nothing fails",
          arguments: Array(UInt64(1)...UInt64(20)))
    func mixLosesNothing(seed: UInt64) async throws {
        try await DownloadFixture.with(world: Self.world, faults: Self.mix, seed: seed) { simulator, out in
            var options = DownloadFixture.options(simulator, out: out)
            // The per-request time budget is wall time; `.fast()` makes it 30 s, which a request waiting for a
            // CPU beside heavy builds (seen: the sanitizer builds) can spend without one answer. This test is
            // about losses under faults, not about the budget's end (RetryPolicyTests covers that).
            options.retry.itemBudget = .seconds(300)
            let summary = try await DownloadRun(options: options).run()
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(!expected.isEmpty)
            let stats = simulator.statistics()
            #expect(stats.rateLimitedServed >= 40, "the storm must have happened")
            #expect(summary.discoveryError == nil, "seed \(seed): \(summary.discoveryError ?? "")")
            #expect(summary.failed == 0, "seed \(seed): \(summary.failedByReason)")
            let verified = try DownloadFixture.verifiedIDs(out)
            #expect(verified == expected, "seed \(seed): \(expected.subtracting(verified).count) of \(expected.count) lost")
        }
    }
}
