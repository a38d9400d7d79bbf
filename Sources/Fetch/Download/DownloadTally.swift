import NIOConcurrencyHelpers

/// The live counters of one ``DownloadRun``, shared by discovery, the workers and the progress ticker.
final class DownloadTally: Sendable {
    private struct State {
        var phase: DownloadProgress.Phase = .resuming
        var discovery: DiscoveryProgress?
        var discoveryStats = DiscoveryStats()
        var discoveryError: String?
        var discoveryFinished = false
        var activeWorkers = 0
        var downloaded = 0
        var present = 0
        var failed = 0
        var failedByReason: [String: Int] = [:]
        var examples: [DownloadSummary.Failure] = []
        var bytesReceived: Int64 = 0
        var bytesDownloaded: Int64 = 0
        var queued = 0
        var samples: [(seconds: Double, bytes: Int64)] = []
        var transient: [String: DownloadFailure] = [:]
    }

    /// The run's start.
    let started: ContinuousClock.Instant
    private let state = NIOLockedValueBox(State())

    init(started: ContinuousClock.Instant) {
        self.started = started
    }

    /// Seconds elapsed since `instant`.
    static func seconds(since instant: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - instant
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func setPhase(_ phase: DownloadProgress.Phase) { state.withLockedValue { $0.phase = phase } }
    func setDiscovery(_ progress: DiscoveryProgress) { state.withLockedValue { $0.discovery = progress } }
    func addPresent(_ count: Int) { state.withLockedValue { $0.present += count } }
    func addQueued(_ count: Int) { state.withLockedValue { $0.queued += count } }
    func addBytes(_ count: Int) { state.withLockedValue { $0.bytesReceived += Int64(count) } }
    func startWorkers(_ count: Int) { state.withLockedValue { $0.activeWorkers = count } }
    func workerFinished() { state.withLockedValue { $0.activeWorkers -= 1 } }

    /// Records the end of discovery: its statistics and, when it stopped early, why.
    func finishDiscovery(stats: DiscoveryStats?, error: String?) {
        state.withLockedValue {
            if let stats { $0.discoveryStats = stats }
            $0.discoveryError = error
            $0.discoveryFinished = true
            if $0.phase == .discovery { $0.phase = .download }
        }
    }

    /// Whether discovery ended and every worker stopped.
    var pipelineDone: Bool { state.withLockedValue { $0.discoveryFinished && $0.activeWorkers <= 0 } }

    func recordDownloaded(bytes: Int64) {
        state.withLockedValue {
            $0.downloaded += 1
            $0.bytesDownloaded += bytes
        }
    }

    func recordPresent() { state.withLockedValue { $0.present += 1 } }

    /// Counts a failed image under its reason's category; a transient one is kept for the second round.
    func recordFailure(id: String, reason: DownloadFailure) {
        state.withLockedValue {
            if reason.isTransient { $0.transient[id] = reason }
            $0.failed += 1
            $0.failedByReason[reason.category, default: 0] += 1
            if $0.examples.count < 20 { $0.examples.append(.init(id: id, reason: reason.description)) }
        }
    }

    /// Takes the ids that failed transiently so far and uncounts their failures (they get one more round).
    func takeTransientFailures() -> [String] {
        state.withLockedValue { s in
            let taken = s.transient
            s.transient.removeAll()
            for (id, reason) in taken {
                s.failed -= 1
                let category = reason.category
                s.failedByReason[category, default: 1] -= 1
                if s.failedByReason[category] == 0 { s.failedByReason[category] = nil }
                s.examples.removeAll { $0.id == id }
            }
            return taken.keys.sorted()
        }
    }

    /// A progress snapshot; also records a rate sample.
    func snapshot(phase override: DownloadProgress.Phase? = nil) -> DownloadProgress {
        let now = DownloadTally.seconds(since: started)
        return state.withLockedValue { s in
            s.samples.append((now, s.bytesReceived))
            while s.samples.count > 2, now - s.samples[0].seconds > 3 { s.samples.removeFirst() }
            var rate = 0.0
            if let first = s.samples.first, now - first.seconds > 0.05 {
                rate = Double(s.bytesReceived - first.bytes) / (now - first.seconds)
            }
            let done = s.downloaded + s.present + s.failed
            let total = max(s.queued + s.present, done)
            var eta: Double?
            let worked = s.downloaded + s.failed
            if worked > 0, now > 0, total > done {
                eta = Double(total - done) * now / Double(worked)
            } else if total == done, s.discoveryFinished {
                eta = 0
            }
            return DownloadProgress(phase: override ?? s.phase, discovery: s.discovery, imagesDone: done,
                                    imagesTotal: total, bytes: s.bytesReceived, bytesPerSecond: rate,
                                    etaSeconds: eta, elapsedSeconds: now)
        }
    }

    /// The counters as a summary (found, pending, seconds and notes are filled in by the run).
    func summary(csvPath: String) -> DownloadSummary {
        state.withLockedValue { s in
            var summary = DownloadSummary(csvPath: csvPath)
            summary.discovered = s.discoveryStats.found
            summary.downloaded = s.downloaded
            summary.present = s.present
            summary.failed = s.failed
            summary.failedByReason = s.failedByReason
            summary.skippedByReason = s.discoveryStats.skipped
            summary.bytes = s.bytesDownloaded
            summary.discovery = s.discoveryStats
            summary.discoveryError = s.discoveryError
            summary.failureExamples = s.examples
            return summary
        }
    }
}
