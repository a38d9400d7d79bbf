import Foundation

/// What a ``DownloadRun`` did, for the final summary and the exit code.
public struct DownloadSummary: Sendable, Equatable {
    /// Images in the folder's state (one CSV row each), including earlier runs' images.
    public var found: Int
    /// Images newly discovered by this run.
    public var discovered: Int
    /// Images downloaded and verified by this run.
    public var downloaded: Int
    /// Images already on disk and verified (not downloaded again).
    public var present: Int
    /// Images that could not be downloaded.
    public var failed: Int
    /// Failed images by reason category (for example `cdn 403 after URL refresh`, `network`).
    public var failedByReason: [String: Int]
    /// Images discovery skipped, by reason (`flat`, `outside area`, `before --since`…).
    public var skippedByReason: [String: Int]
    /// Images not dealt with: `--metadata-only`, or the run was interrupted before reaching them.
    public var pending: Int
    /// Bytes of the files downloaded by this run.
    public var bytes: Int64
    /// Wall-clock seconds of the run.
    public var seconds: Double
    /// Whether the run was stopped early (cancelled or interrupted); a rerun resumes it.
    public var interrupted: Bool
    /// The discovery statistics (requests, cells, splits, sequences).
    public var discovery: DiscoveryStats
    /// The CSV written.
    public var csvPath: String
    /// Why discovery stopped before finishing (an API error that survived its retries), or `nil`.
    /// Images found until then were still downloaded; a rerun resumes discovery.
    public var discoveryError: String?
    /// A few failed images with their reasons (at most 20), for the summary.
    public var failureExamples: [Failure]
    /// Remarks worth showing (for example leftover `.part` files removed).
    public var notes: [String]

    /// One failed image.
    /// When discovery of this source last finished before this run, if this run reused it (no `--refresh`);
    /// `nil` when this run discovered (the first time, after an interruption, or with `--refresh`).
    public var discoveryReusedFrom: Date?
    /// Whether this run was asked to discover again (`--refresh`).
    public var refreshed = false
    /// Images of the folder that are not part of this run's source (kept in the CSV, not counted above).
    public var otherImages = 0

    public struct Failure: Sendable, Equatable {
        /// The image id.
        public var id: String
        /// Why it failed.
        public var reason: String

        /// Creates a failure record.
        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    /// Creates an empty summary.
    /// - Parameter csvPath: The CSV path.
    public init(csvPath: String) {
        self.found = 0
        self.discovered = 0
        self.downloaded = 0
        self.present = 0
        self.failed = 0
        self.failedByReason = [:]
        self.skippedByReason = [:]
        self.pending = 0
        self.bytes = 0
        self.seconds = 0
        self.interrupted = false
        self.discovery = DiscoveryStats()
        self.csvPath = csvPath
        self.discoveryError = nil
        self.failureExamples = []
        self.notes = []
    }

    /// Images downloaded per second of the run.
    public var imagesPerSecond: Double { seconds > 0 ? Double(downloaded) / seconds : 0 }

    /// Megabytes (10^6 bytes) downloaded per second of the run.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
}
