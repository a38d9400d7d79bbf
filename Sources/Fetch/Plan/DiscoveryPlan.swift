/// What `mly360 plan` estimates for an area before anything is downloaded.
public struct DiscoveryPlan: Sendable, Equatable {
    /// Coverage tiles to read (both tilesets).
    public var tiles: Int
    /// Of those, tiles already in the state database's cache (no request).
    public var cachedTiles: Int
    /// Top-level search cells to query (0 with `--discovery tiles`); splits add more.
    public var cells: Int
    /// 360° sequences (all sequences with `--include-flat`) the tiles name near the area.
    public var sequences: Int
    /// Images the tiles place inside the area (360° only unless `--include-flat`): exact counts.
    public var images: Int
    /// Images of those sequences in the covered tiles (what the expansion fetches metadata for).
    public var expandedImages: Int
    /// Estimated bytes of the images at the chosen resolution.
    public var bytes: Int64
    /// Estimated requests: tiles not cached, search cells (each probed once), one `/image_ids` per
    /// sequence, one metadata batch per 50 images of each sequence.
    public var requests: Int
    /// Estimated API time at the configured pacing and concurrency, in seconds.
    public var seconds: Double

    /// Creates a plan.
    public init(tiles: Int = 0, cachedTiles: Int = 0, cells: Int = 0, sequences: Int = 0, images: Int = 0,
                expandedImages: Int = 0, bytes: Int64 = 0, requests: Int = 0, seconds: Double = 0) {
        self.tiles = tiles
        self.cachedTiles = cachedTiles
        self.cells = cells
        self.sequences = sequences
        self.images = images
        self.expandedImages = expandedImages
        self.bytes = bytes
        self.requests = requests
        self.seconds = seconds
    }

    /// Typical bytes of one served panorama at `resolution` (a 5760 × 2880 original is about 5 MB).
    public static func typicalBytes(_ resolution: Resolution) -> Int64 {
        switch resolution {
        case .original: 5_000_000
        case .r2048: 600_000
        case .r1024: 180_000
        case .r256: 15_000
        }
    }

    /// Assumed latency of one Graph request, in seconds (reference §8.4: about 1 s).
    public static let graphLatency = 1.0
}
