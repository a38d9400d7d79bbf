/// Repeated measurements of one command: wall-clock seconds and peak RSS of each repetition.
struct Samples: Sendable {
    /// Wall-clock seconds of each repetition.
    var seconds: [Double] = []
    /// Peak RSS of each repetition in KiB (for a group of parallel processes: the sum of their peaks).
    var rssKiB: [Int] = []
    /// CPU seconds (user + system, all processes) of each repetition.
    var cpuSeconds: [Double] = []
    /// Repetitions whose command failed (non-zero exit).
    var failures: [String] = []

    /// Median wall time (the middle value; the mean of the two middle values for an even count).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Median CPU seconds.
    var medianCPU: Double { Samples(seconds: cpuSeconds).median }

    /// Fastest repetition.
    var minimum: Double { seconds.min() ?? .nan }

    /// Highest peak RSS over the repetitions, in MB (10^6 bytes).
    var peakMB: Double { Samples.megabytes(kibibytes: rssKiB.max() ?? 0) }

    /// KiB (what `ru_maxrss` counts) to MB (10^6 bytes, what the targets are stated in).
    static func megabytes(kibibytes: Int) -> Double { Double(kibibytes) * 1024 / 1e6 }
}
