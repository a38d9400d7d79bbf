/// A snapshot of a ``DownloadRun`` for a progress line (delivered at most four times a second).
public struct DownloadProgress: Sendable, Equatable {
    /// What the run is doing.
    public enum Phase: String, Sendable {
        /// Checking files an earlier run left (resume).
        case resuming
        /// Discovering images (downloads of images found so far run at the same time).
        case discovery
        /// Discovery is finished; downloading the rest.
        case download
        /// Writing the metadata CSV.
        case csv
        /// Finished.
        case done
    }

    /// The current phase.
    public var phase: Phase
    /// The latest discovery snapshot, if discovery has reported.
    public var discovery: DiscoveryProgress?
    /// Images dealt with so far (downloaded, present or failed).
    public var imagesDone: Int
    /// Images known to need dealing with (grows while discovery runs).
    public var imagesTotal: Int
    /// Bytes received from the CDN so far (retried bytes included).
    public var bytes: Int64
    /// Recent download rate in bytes per second.
    public var bytesPerSecond: Double
    /// Estimated seconds left for the known images, or `nil` while no estimate is possible.
    public var etaSeconds: Double?
    /// Seconds since the run started.
    public var elapsedSeconds: Double

    /// Creates a snapshot.
    /// - Parameters:
    ///   - phase: The phase.
    ///   - discovery: The discovery snapshot.
    ///   - imagesDone: Images done.
    ///   - imagesTotal: Images known.
    ///   - bytes: Bytes received.
    ///   - bytesPerSecond: Download rate.
    ///   - etaSeconds: Estimated time left.
    ///   - elapsedSeconds: Time since start.
    public init(phase: Phase, discovery: DiscoveryProgress? = nil, imagesDone: Int = 0, imagesTotal: Int = 0,
                bytes: Int64 = 0, bytesPerSecond: Double = 0, etaSeconds: Double? = nil, elapsedSeconds: Double = 0) {
        self.phase = phase
        self.discovery = discovery
        self.imagesDone = imagesDone
        self.imagesTotal = imagesTotal
        self.bytes = bytes
        self.bytesPerSecond = bytesPerSecond
        self.etaSeconds = etaSeconds
        self.elapsedSeconds = elapsedSeconds
    }

    /// Download rate in megabytes (10^6 bytes) per second.
    public var megabytesPerSecond: Double { bytesPerSecond / 1_000_000 }
}
