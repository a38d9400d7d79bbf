/// The resolved settings of one benchmark run (command-line values with `--quick` defaults applied).
struct BenchSettings: Sendable {
    /// Processes/threads every tool may use (both cores by default).
    var cores: Int
    /// Repetitions of each timed command; the median is reported.
    var repetitions: Int
    /// Copies of each 16-MP panorama in the speed corpus.
    var copies: Int
    /// Copies of each 16-MP panorama in the large (memory) corpus, hard-linked.
    var memoryCopies: Int
    /// Folder of the real test files (`…/testdata/real`), nil when not found.
    var realDirectory: String?
    /// The `mly360` executable.
    var mly360: String?
    /// Work folder (recreated per part).
    var work: String
    /// Images in the throughput world (3 MB each).
    var fetchImages: Int
    /// Images downloaded one at a time for the sequential baseline.
    var sequentialImages: Int
    /// Panoramas in the memory/discovery world.
    var largeWorldImages: Int
    /// Download concurrency.
    var concurrency: Int
    /// Added latency of every simulator response, in milliseconds.
    var latencyMilliseconds: Int
    /// Images in the review-page benchmark.
    var reportImages: Int
    /// Sequences of 150–250 images in the dense discovery world (220 make about 44 000 images).
    var discoverySequences: Int
    /// Sequences of 4–8 panoramas in the rate-limited world.
    var pacingSequences: Int
    /// Panoramas (about) in the world of the shard comparison.
    var shardImages: Int
    /// The Python interpreter with cleanvision and imagededup (`--peers-python`); nil for the default place.
    var peersPython: String?
}
