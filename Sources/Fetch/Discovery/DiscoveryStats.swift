/// What a discovery run did: requests, cells, splits, sequences, images kept, and skips by reason.
public struct DiscoveryStats: Sendable, Equatable {
    /// The skip reasons used in ``skipped``.
    public enum Reason {
        /// Not a 360° image (and `--include-flat` was not given).
        public static let flat = "flat"
        /// The image's position is outside the bbox or polygon.
        public static let outsideArea = "outside area"
        /// The image has no usable position, so it cannot be placed in the area.
        public static let noPosition = "no position"
        /// Captured before `--since`.
        public static let beforeSince = "before --since"
        /// Captured after `--until`.
        public static let afterUntil = "after --until"
        /// A date filter is set and the image has no capture time.
        public static let noCaptureDate = "no capture date"
        /// The id does not exist (or is not visible to the token).
        public static let notFound = "not found"
        /// The record was unusable (bad id, bad sequence key, wrong answer).
        public static let invalidRecord = "invalid record"
        /// Owned by another shard (`--shard K/N`).
        public static let otherShard = "other shard"
    }

    /// Graph API requests sent during the run (retries included).
    public var requests = 0
    /// Bbox cells sampled successfully (split children included).
    public var cells = 0
    /// Cells split in four (dense, or failing with "reduce the amount of data" / timeouts).
    public var splits = 0
    /// Cells that still failed at the smallest size; they stay pending for the next run.
    public var failedCells = 0
    /// Sequences expanded through `/image_ids`.
    public var sequences = 0
    /// Images kept and delivered.
    public var found = 0
    /// Coverage tiles read (from the server or the cache).
    public var tiles = 0
    /// Distinct sequence keys the coverage tiles named in this run.
    public var tileSequences = 0
    /// Distinct sequence keys the search cells named in this run.
    public var searchSequences = 0
    /// Why tile discovery stopped early (a redirect, an HTML page, a refused token), if it did.
    public var tilesStopped: String?
    /// Images skipped because an earlier run already stored them.
    public var alreadyKnown = 0
    /// Images skipped, by reason (see ``Reason``).
    public var skipped: [String: Int] = [:]

    /// Empty statistics.
    public init() {}
}
