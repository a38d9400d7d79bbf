import ArgumentParser

/// The parts of the benchmark that `--only` can select.
enum BenchPart: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `mly360 check` against jpeginfo, vipsthumbnail and exiftool; memory; thumbnail fidelity (issue 2 §7).
    case imaging
    /// `mly360 download` against the simulator: throughput, sequential baseline, memory, discovery (issue 3 §7).
    case fetch
    /// Pixel QA: precision/recall on a labelled set and time against cleanvision, imagededup and the structural
    /// peers (issue 8 §3).
    case qa
    /// `mly360 report` over 48 000 images: time and page size (issue 9 §1).
    case report
    /// Discovery v2 with the real `mly360`: recall and requests per image per mode and thinning on a 40 000-image
    /// area, plan against download, 429 share after a rate-limited start, 3 shards against one process (issue 7 §5).
    case discovery
}
