import Imaging

/// What a ``DatasetCheck`` did: counts per status and verdict over the folder's images, what was read
/// and what was reused, speed, and where the output went.
public struct CheckSummary: Sendable, Equatable, Encodable {
    /// One file whose status is not `ok`.
    public struct Problem: Sendable, Equatable, Encodable {
        /// Path relative to the dataset folder.
        public var file: String
        /// The file's status.
        public var status: JPEGStatus
        /// The decoder's or reader's message.
        public var message: String
    }

    /// JPEG files found in the folder (the thumbnails folder and hidden folders excluded).
    public var found = 0
    /// Files read and checked in this run (new, changed, or all with `--force`).
    public var checked = 0
    /// Unchanged files whose catalogued result was reused without reading them.
    public var reused = 0
    /// Count per `jpeg_status` value over the found files, plus `missing` records.
    public var statuses: [String: Int] = [:]
    /// Count per `equirectangular` value over the found files.
    public var verdicts: [String: Int] = [:]
    /// Records whose file is gone (`jpeg_status=missing`).
    public var missing = 0
    /// Records created for files the catalogue did not know.
    public var added = 0
    /// Near-duplicate groups in the catalogue after this check.
    public var duplicateGroups = 0
    /// Thumbnails written in this run.
    public var thumbnails = 0
    /// Bytes read in this run.
    public var bytes = 0
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Files checked per second in this run.
    public var imagesPerSecond = 0.0
    /// The CSV the results are rendered into.
    public var csvPath = ""
    /// The thumbnails folder, when thumbnails were made.
    public var thumbnailDirectory: String?
    /// Walk problems (unreadable sub-folders, symlinked folders not followed) and catalogue remarks.
    public var notes: [String] = []
    /// Every found file whose status is not `ok`, in path order.
    public var problems: [Problem] = []
    /// Whether the run was interrupted (Ctrl-C) before every file was checked.
    public var interrupted = false
    /// Files that were still to be checked when the run was interrupted.
    public var remaining = 0

    /// Creates an empty summary.
    public init() {}

    /// True when a `--strict` run must fail: any file not `ok`, any record `missing`, or any verdict other
    /// than `confirmed` or `partial`.
    public var strictFailure: Bool {
        let allOK = statuses.allSatisfy { $0.key == JPEGStatus.ok.rawValue || $0.value == 0 }
        let allPanoramas = verdicts.allSatisfy {
            $0.key == EquirectangularVerdict.confirmed.rawValue || $0.key == EquirectangularVerdict.partial.rawValue || $0.value == 0
        }
        return !(allOK && allPanoramas)
    }
}
