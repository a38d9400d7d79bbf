/// The shared, mutable state of one discovery run: which ids were claimed, counters and progress.
actor DiscoveryRunState {
    private var claimed: Set<String>
    private(set) var stats = DiscoveryStats()
    private(set) var progress: DiscoveryProgress
    private let maxImages: Int?
    private let onProgress: (@Sendable (DiscoveryProgress) -> Void)?
    private var lastReport = ContinuousClock.now - .seconds(1)

    init(known: Set<String>, maxImages: Int?, progress: DiscoveryProgress, onProgress: (@Sendable (DiscoveryProgress) -> Void)?) {
        claimed = known
        self.maxImages = maxImages.map { max($0, 0) }
        self.progress = progress
        self.onProgress = onProgress
    }

    /// Whether `maxImages` images were kept: nothing more is delivered.
    var isFull: Bool {
        guard let maxImages else { return false }
        return stats.found >= maxImages
    }

    /// Returns the ids not yet claimed (by an earlier run or another task) and claims them; counts
    /// the ones an earlier run already stored.
    func claim(_ ids: [String], known: Set<String>) -> [String] {
        var fresh: [String] = []
        for id in ids {
            if known.contains(id) {
                if claimed.contains(id) { continue }
                stats.alreadyKnown += 1
                claimed.insert(id)
                continue
            }
            if claimed.insert(id).inserted { fresh.append(id) }
        }
        return fresh
    }

    /// Takes as many of `images` as `maxImages` still allows and counts them as found.
    func admit(_ images: [MapillaryImage]) -> [MapillaryImage] {
        var admitted = images
        if let maxImages {
            admitted = Array(images.prefix(max(maxImages - stats.found, 0)))
        }
        stats.found += admitted.count
        progress.imagesFound = stats.found
        report()
        return admitted
    }

    func skip(_ reason: String, count: Int = 1) {
        guard count > 0 else { return }
        stats.skipped[reason, default: 0] += count
    }

    func cellSampled(split: Bool) {
        stats.cells += 1
        if split {
            stats.splits += 1
            progress.cellsTotal += 4
        }
    }

    func addCells(total: Int, done: Int) {
        progress.cellsTotal += total
        progress.cellsDone += done
        report(force: true)
    }

    func cellFinished() {
        progress.cellsDone += 1
        report()
    }

    func cellFailed() {
        stats.failedCells += 1
    }

    func setPhase(_ phase: DiscoveryProgress.Phase, sequencesTotal: Int? = nil) {
        progress.phase = phase
        if let sequencesTotal { progress.sequencesTotal = sequencesTotal }
        report(force: true)
    }

    func sequenceExpanded() {
        stats.sequences += 1
        progress.sequencesDone += 1
        report()
    }

    private var tileSequences = Set<String>()
    private var searchSequences = Set<String>()

    /// Counts a tile read and the sequences it named.
    func tileRead(sequences: [String]) {
        stats.tiles += 1
        tileSequences.formUnion(sequences)
        stats.tileSequences = tileSequences.count
    }

    /// Counts the sequences a search cell named.
    func searchNamed(_ sequences: [String]) {
        searchSequences.formUnion(sequences)
        stats.searchSequences = searchSequences.count
    }

    /// Records why tile discovery stopped.
    func tilesStopped(_ reason: String) {
        stats.tilesStopped = reason
    }

    func setRequests(_ requests: Int) {
        stats.requests = requests
    }

    private func report(force: Bool = false) {
        guard let onProgress else { return }
        let now = ContinuousClock.now
        guard force || lastReport.duration(to: now) >= .milliseconds(200) else { return }
        lastReport = now
        onProgress(progress)
    }
}
