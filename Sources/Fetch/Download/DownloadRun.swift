import AsyncHTTPClient
import Foundation

/// One `mly360 download`: discovers the source's images, stores them in the folder's record as they
/// arrive, and downloads them concurrently while discovery goes on.
///
/// ```swift
/// let options = DownloadOptions(source: .bbox(box), outDirectory: "berlin", token: token)
/// let summary = try await DownloadRun(options: options, store: catalog).run { progress in print(progress.imagesDone) }
/// ```
///
/// **Resume.** Everything durable lives in the ``DownloadStore`` (the folder's catalogue). A second run of
/// the same command skips finished discovery work, counts files verified earlier and still on disk with
/// the recorded size as `present` (no request), re-verifies a file found on disk without a verified record
/// (a run killed between rename and bookkeeping), retries failed images, and removes `.part` leftovers —
/// except the partial file of a pending image at the same resolution: when the CDN offers `Accept-Ranges`,
/// its download asks only for the rest (`Range: bytes=N-`, answered 206) and the SHA-256 covers the whole file.
/// A file verified at another resolution than this run's ``DownloadOptions/resolution`` would pick is
/// downloaded again and replaced atomically. ``DownloadOptions/refresh`` asks the API again for images
/// uploaded since.
///
/// **Scope.** The summary counts the images of this run's source (and filter), whichever run discovered
/// them; other images of the folder stay in the store untouched.
///
/// **Cancellation.** Cancelling the task running ``run(progress:)`` stops discovery and downloads, removes
/// in-flight `.part` files, keeps the store consistent, and returns the summary with
/// ``DownloadSummary/interrupted`` set.
///
/// **Failures.** An image that cannot be downloaded is recorded as failed with a reason; the run goes on.
/// ``FetchError/authRejected(message:)`` stops everything and is rethrown, as is a local I/O error.
public struct DownloadRun: Sendable {
    /// The options of this run.
    public let options: DownloadOptions
    /// Where discovery progress, metadata and outcomes are kept.
    public let store: any DownloadStore

    /// Creates a run.
    /// - Parameters:
    ///   - options: What to download and how.
    ///   - store: The folder's record (the catalogue).
    public init(options: DownloadOptions, store: any DownloadStore) {
        self.options = options
        self.store = store
    }

    /// The output folder without trailing slashes.
    var outDirectory: String {
        var path = options.outDirectory.isEmpty ? "." : options.outDirectory
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Runs discovery and downloads.
    /// - Parameter progress: Receives snapshots at most every ``DownloadOptions/progressInterval``.
    /// - Returns: The summary (also after cancellation, with ``DownloadSummary/interrupted`` set).
    /// - Throws: ``FetchError/authRejected(message:)`` when Mapillary rejects the token,
    ///   ``FetchError/io(path:message:)`` when the folder or the store cannot be written,
    ///   ``FetchError/invalidInput(_:)`` for an invalid source.
    public func run(progress: (@Sendable (DownloadProgress) -> Void)? = nil) async throws(FetchError) -> DownloadSummary {
        let started = ContinuousClock.now
        let startDate = Date()
        let out = outDirectory
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw .io(path: out, message: "the output folder could not be created (\(error.localizedDescription))")
        }
        let state = store
        let tally = DownloadTally(started: started)
        var notes: [String] = []

        let sourceKey = options.source.key + (options.shard.map { " shard \($0)" } ?? "")
        let finishedBefore = try state.discoveryFinished(sourceKey: sourceKey)
        if options.refresh { try state.forgetDiscoveryProgress() }

        tally.setPhase(.resuming)
        let resume = try resumePass(state: state, out: out)
        notes += resume.notes
        tally.addPresent(resume.present.count)

        let httpClient = GraphClient.makeHTTPClient()
        let graph = GraphClient(baseURL: options.apiURL, token: options.token, httpClient: httpClient,
                                apiConcurrency: options.apiConcurrency, retry: options.retry, apiRate: options.apiRate,
                                logger: options.logger)
        var cdnConfiguration = options.cdn
        cdnConfiguration.concurrency = max(1, options.concurrency)
        let cdn = CDNDownloader(configuration: cdnConfiguration, forbidding: options.token, logger: options.logger)
        let context = Context(state: state, graph: graph, cdn: cdn, queue: DownloadQueue(), tally: tally, out: out,
                              replacing: Set(resume.replacing))

        var fatal: FetchError?
        do {
            try await runPipeline(context, pending: resume.pending, progress: progress)
        } catch {
            fatal = error
        }
        let interrupted = Task.isCancelled || fatal == .cancelled
        await cdn.shutdown()
        try? await httpClient.shutdown()
        if let fatal, fatal != .cancelled { throw fatal }

        var summary = tally.summary(csvPath: "")
        // Discovery is finished only when it ran to its end (not stopped by an error, Ctrl-C or --max-images).
        let stoppedByLimit = options.maxImages.map { summary.discovered >= $0 } ?? false
        if summary.discoveryError == nil && !interrupted && !stoppedByLimit {
            try state.recordDiscoveryFinished(sourceKey: sourceKey, at: startDate)
        }
        if !options.refresh, let finishedBefore { summary.discoveryReusedFrom = finishedBefore }
        summary.refreshed = options.refresh
        let scope = try count(state: state, out: out)
        summary.found = scope.found
        summary.otherImages = scope.other
        summary.pending = max(0, scope.found - summary.downloaded - summary.present - summary.failed)
        summary.seconds = DownloadTally.seconds(since: started)
        summary.interrupted = interrupted
        summary.notes = notes + summary.notes
        tally.setPhase(.done)
        progress?(tally.snapshot(phase: .done))
        return summary
    }

    /// Whether a stored image is part of this run: of its source and passing its filter.
    func inScope(_ image: MapillaryImage) -> Bool {
        options.source.includes(image) && options.filter.rejection(of: image) == nil
    }

    /// The images of this run's source in the store, and the others.
    private func count(state: any DownloadStore, out: String) throws(FetchError) -> (found: Int, other: Int) {
        var found = 0
        var other = 0
        try state.forEachImage(pageSize: 500) { row throws(FetchError) in
            if let image = row.image, inScope(image) { found += 1 } else { other += 1 }
        }
        return (found, other)
    }

    /// Everything the pipeline's tasks share.
    struct Context: Sendable {
        let state: any DownloadStore
        let graph: GraphClient
        let cdn: CDNDownloader
        let queue: DownloadQueue
        let tally: DownloadTally
        let out: String
        /// Verified files to download again and replace (another resolution was asked for).
        let replacing: Set<String>
    }

    /// Discovery, the download workers and the progress ticker, until all are done or one fails fatally.
    private func runPipeline(_ context: Context, pending: [String],
                             progress: (@Sendable (DownloadProgress) -> Void)?) async throws(FetchError) {
        if !options.metadataOnly { await context.queue.push(pending) }
        let workers = options.metadataOnly ? 0 : max(1, options.concurrency)
        context.tally.setPhase(.discovery)
        context.tally.startWorkers(workers)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.discover(context) }
                for _ in 0..<workers {
                    group.addTask {
                        defer { context.tally.workerFinished() }
                        try await self.work(context)
                    }
                }
                if let progress {
                    group.addTask { await self.tick(context, progress: progress) }
                }
                try await group.waitForAll()
            }
        } catch {
            throw Self.workerError(error, out: context.out)
        }
        try await secondRound(context, workers: workers)
    }

    /// Gives images that failed transiently (network errors, short bodies, CDN 5xx) one more round after a
    /// pause, with the same number of attempts: a flaky stretch of network costs no image.
    private func secondRound(_ context: Context, workers: Int) async throws(FetchError) {
        guard workers > 0, !Task.isCancelled else { return }
        let ids = context.tally.takeTransientFailures()
        guard !ids.isEmpty else { return }
        do {
            try await Task.sleep(for: options.cdn.backoffCap)
        } catch {
            throw .cancelled
        }
        let retry = Context(state: context.state, graph: context.graph, cdn: context.cdn, queue: DownloadQueue(),
                            tally: context.tally, out: context.out, replacing: context.replacing)
        await retry.queue.push(ids)
        await retry.queue.close()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<min(workers, ids.count) {
                    group.addTask { try await self.work(retry) }
                }
                try await group.waitForAll()
            }
        } catch {
            throw Self.workerError(error, out: context.out)
        }
    }

    /// What a failed worker group means for the run: its own error, a cancellation, or an unexpected stop.
    private static func workerError(_ error: any Error, out: String) -> FetchError {
        if let error = error as? FetchError { return error }
        if error is CancellationError { return .cancelled }
        return .io(path: out, message: "the download stopped unexpectedly (\(error))")
    }
}
