@testable import Fetch
import Testing

@Suite("DownloadTally counts typed failure reasons")
struct DownloadTallyTests {
    @Test("failures are counted by category; only transient ones get a second round, and are uncounted")
    func transientRound() {
        let tally = DownloadTally(started: .now)
        tally.recordFailure(id: "1", reason: .exhausted(last: .network(message: "reset"), attempts: 3))
        tally.recordFailure(id: "2", reason: .urlRejectedAfterRefresh(status: 403, message: "expired"))
        tally.recordFailure(id: "3", reason: .exhausted(last: .cdnStatus(status: 503, message: ""), attempts: 3))
        tally.recordFailure(id: "4", reason: .cdnStatus(status: 418, message: ""))
        var summary = tally.summary(csvPath: "x.csv")
        #expect(summary.failed == 4)
        #expect(summary.failedByReason == ["network": 1, "cdn 403 after URL refresh": 1, "cdn 503": 1, "cdn 418": 1])
        #expect(summary.failureExamples.map(\.reason).contains("network: reset (after 3 attempts)"))

        #expect(tally.takeTransientFailures() == ["1", "3"])
        summary = tally.summary(csvPath: "x.csv")
        #expect(summary.failed == 2)
        #expect(summary.failedByReason == ["cdn 403 after URL refresh": 1, "cdn 418": 1])
        #expect(Set(summary.failureExamples.map(\.id)) == ["2", "4"])
        #expect(tally.takeTransientFailures().isEmpty)
    }
}
