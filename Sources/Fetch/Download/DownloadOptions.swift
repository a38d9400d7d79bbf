import Foundation
import Logging

/// Everything one ``DownloadRun`` needs: what to discover, where to write, and how hard to push.
public struct DownloadOptions: Sendable {
    /// What to discover (exactly one source).
    public var source: DiscoverySource
    /// The output folder: images `OUT/<id>.jpg`, `OUT/mapillary_images_metadata.csv`, state in `OUT/.mly360/`.
    public var outDirectory: String
    /// The Mapillary access token (sent to the Graph API only; never stored, logged or sent to the CDN).
    public var token: String
    /// The Graph API root (`https://graph.mapillary.com`, or a simulator or proxy).
    public var apiURL: String
    /// The preferred resolution; when its URL is absent the next smaller one is used (original → 2048 →
    /// 1024 → 256) and the one used is recorded.
    public var resolution: Resolution
    /// Keep only images captured at or after this instant.
    public var since: Date?
    /// Keep only images captured at or before this instant.
    public var until: Date?
    /// Keep non-360° images too.
    public var includeFlat: Bool
    /// Downloads in flight at most (default 16).
    public var concurrency: Int
    /// Graph API requests in flight at most (default 8).
    public var apiConcurrency: Int
    /// Stop discovery after this many new images in this run (`nil`: no limit).
    public var maxImages: Int?
    /// Discover and write the CSV, but download nothing.
    public var metadataOnly: Bool
    /// The Graph API retry policy (tests pass ``RetryPolicy/fast(base:)``).
    public var retry: RetryPolicy
    /// CDN tuning: attempts, backoff, timeouts (tests shrink the backoff). Its `concurrency` is replaced by
    /// ``concurrency``.
    public var cdn: CDNDownloader.Configuration
    /// Discovery grid cell side in degrees (default 0.005).
    public var cellSize: Double
    /// Shortest interval between two progress callbacks (default 0.25 s, i.e. at most 4 Hz).
    public var progressInterval: Duration
    /// The ceiling of the adaptive Graph API pace in requests per minute (`--api-rate`; `nil`:
    /// ``GraphClient/defaultAPIRate``). Shards behind one IP share one budget: give each total / N.
    public var apiRate: Int?
    /// Download only this shard's part of the source (`--shard K/N`); `nil`: all of it.
    public var shard: Shard?
    /// Where the run logs: Graph retries, cell splits, batch fallbacks, URL refreshes and retried CDN
    /// failures at `.info`, request details at `.debug`. Never receives the token. Quiet by default.
    public var logger: Logger

    /// Creates options with the documented defaults.
    /// - Parameters:
    ///   - source: What to discover.
    ///   - outDirectory: The output folder.
    ///   - token: The access token.
    ///   - apiURL: The Graph API root.
    ///   - resolution: The preferred resolution.
    ///   - since: Inclusive lower capture-time bound.
    ///   - until: Inclusive upper capture-time bound.
    ///   - includeFlat: Keep non-360° images too.
    ///   - concurrency: Downloads in flight.
    ///   - apiConcurrency: Graph requests in flight.
    ///   - maxImages: Limit of new images per run.
    ///   - metadataOnly: Skip downloads.
    ///   - retry: Graph retry policy.
    ///   - cdn: CDN tuning.
    ///   - cellSize: Grid cell side in degrees.
    ///   - progressInterval: Progress throttle.
    ///   - logger: The run's logger (default: discards everything).
    public init(source: DiscoverySource, outDirectory: String, token: String,
                apiURL: String = "https://graph.mapillary.com", resolution: Resolution = .original,
                since: Date? = nil, until: Date? = nil, includeFlat: Bool = false, concurrency: Int = 16,
                apiConcurrency: Int = 8, maxImages: Int? = nil, metadataOnly: Bool = false,
                retry: RetryPolicy = .default, cdn: CDNDownloader.Configuration = CDNDownloader.Configuration(),
                cellSize: Double = 0.005, progressInterval: Duration = .milliseconds(250),
                logger: Logger = Logger(label: "mly360", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.source = source
        self.outDirectory = outDirectory
        self.token = token
        self.apiURL = apiURL
        self.resolution = resolution
        self.since = since
        self.until = until
        self.includeFlat = includeFlat
        self.concurrency = concurrency
        self.apiConcurrency = apiConcurrency
        self.maxImages = maxImages
        self.metadataOnly = metadataOnly
        self.retry = retry
        self.cdn = cdn
        self.cellSize = cellSize
        self.progressInterval = progressInterval
        self.logger = logger
    }

    /// The discovery filter these options describe.
    /// Which enumerations an area discovery runs (`--discovery`, default ``DiscoveryMode/both``).
    public var discoveryMode: DiscoveryMode = .both
    /// The coverage tile root (`--tiles-url`); `nil` derives it from ``apiURL`` with
    /// ``TileClient/defaultTilesURL(forAPI:)``.
    public var tilesURL: String?
    /// Coverage tiles per minute at most (`--tile-rate`, default 60, jittered).
    public var tileRate: Int = TileClient.defaultPerMinute

    /// The tile root this run uses.
    public var effectiveTilesURL: String {
        tilesURL ?? TileClient.defaultTilesURL(forAPI: apiURL)
    }

    /// Run discovery again even where an earlier run finished it (`--refresh`): cells, sequences and
    /// creator pages are asked anew, so images uploaded since are found; known images are not fetched again.
    public var refresh = false

    /// The local filter of this run: 360 only unless ``includeFlat``, the date window, and the shard.
    public var filter: DiscoveryFilter {
        DiscoveryFilter(includeFlat: includeFlat, since: since, until: until, shard: shard)
    }
}
