/// What a ``CheckRun`` did: counts per status and verdict, speed, and where the output went.
public struct CheckSummary: Sendable, Equatable, Encodable {
    /// One file whose status is not `ok`.
    public struct Problem: Sendable, Equatable, Encodable {
        /// Path relative to the CSV's folder, as in the CSV.
        public var file: String
        /// The file's status.
        public var status: JPEGStatus
        /// The decoder's or reader's message.
        public var message: String
    }

    /// Files checked (JPEGs found plus existing CSV rows whose file exists).
    public var checked: Int
    /// Count per `jpeg_status` value, including `missing` rows.
    public var statuses: [String: Int]
    /// Count per `equirectangular` value over the checked files.
    public var verdicts: [String: Int]
    /// CSV rows whose file is gone (`jpeg_status=missing`).
    public var missing: Int
    /// Rows appended for images the CSV did not have.
    public var appended: Int
    /// Existing rows updated with fresh QA columns.
    public var updated: Int
    /// Thumbnails written.
    public var thumbnails: Int
    /// Bytes read.
    public var bytes: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// Files checked per second.
    public var imagesPerSecond: Double
    /// The CSV written.
    public var csvPath: String
    /// The thumbnails folder, when thumbnails were made.
    public var thumbnailDirectory: String?
    /// Walk problems: unreadable sub-folders, symlinked folders not followed, thumbnail name clashes.
    public var notes: [String]
    /// Every file whose status is not `ok`, in path order.
    public var problems: [Problem]

    /// True when a `--strict` run must fail: any file not `ok`, any row `missing`, or any verdict other than
    /// `confirmed` or `partial`.
    public var strictFailure: Bool {
        let allOK = statuses.allSatisfy { $0.key == JPEGStatus.ok.rawValue || $0.value == 0 }
        let allPanoramas = verdicts.allSatisfy {
            $0.key == EquirectangularVerdict.confirmed.rawValue || $0.key == EquirectangularVerdict.partial.rawValue || $0.value == 0
        }
        return !(allOK && allPanoramas)
    }
}

/// Progress of a running ``CheckRun``, reported a few times a second.
public struct CheckProgress: Sendable {
    /// Files finished.
    public var done: Int
    /// Files to check.
    public var total: Int
    /// Bytes read so far.
    public var bytes: Int
    /// Seconds since the checks started.
    public var seconds: Double
}
