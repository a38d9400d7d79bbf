/// A snapshot of discovery progress, for a progress line.
public struct DiscoveryProgress: Sendable, Equatable {
    /// The stage discovery is in.
    public enum Phase: String, Sendable {
        /// Sampling bbox cells to find sequence keys.
        case cells
        /// Listing sequences and fetching their metadata.
        case sequences
        /// Fetching metadata of individual images.
        case images
        /// Paging through a creator's images.
        case creator
        /// Finished.
        case done
    }

    /// The current stage.
    public var phase: Phase
    /// Cells finished (including ones done by an earlier run).
    public var cellsDone: Int
    /// Cells in the grid (split children are added as they appear).
    public var cellsTotal: Int
    /// Sequences expanded.
    public var sequencesDone: Int
    /// Sequences known so far.
    public var sequencesTotal: Int
    /// Images kept so far in this run.
    public var imagesFound: Int

    /// Creates a snapshot.
    /// - Parameters:
    ///   - phase: The stage.
    ///   - cellsDone: Cells finished.
    ///   - cellsTotal: Cells in total.
    ///   - sequencesDone: Sequences expanded.
    ///   - sequencesTotal: Sequences known.
    ///   - imagesFound: Images kept.
    public init(phase: Phase, cellsDone: Int = 0, cellsTotal: Int = 0, sequencesDone: Int = 0, sequencesTotal: Int = 0, imagesFound: Int = 0) {
        self.phase = phase
        self.cellsDone = cellsDone
        self.cellsTotal = cellsTotal
        self.sequencesDone = sequencesDone
        self.sequencesTotal = sequencesTotal
        self.imagesFound = imagesFound
    }
}
