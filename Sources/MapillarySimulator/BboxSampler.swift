/// The bbox search's sampling, deterministic from the seed and the bbox text (reference §7):
///
/// - more than ``denseLimit`` matching images → the query times out (HTTP 400, code -2), so clients must split;
/// - otherwise each matching image is kept with probability `0.7 / (1 + area / 5e-5) / (1 + n / 400)`:
///   about 40–60 % in a 0.005° cell, under 10 % in a 0.02° × 0.02° box;
/// - in a box of at most ``smallArea`` deg² (a padded 0.005°–0.006° cell) every sequence with a matching image
///   keeps at least one, so small cells plus sequence expansion reach completeness;
/// - a few images just outside the box are included (a historical quirk);
/// - the answer is shuffled and cut at `limit`.
struct BboxSampler {
    /// Above this many matching images a bbox query answers the timeout error.
    static let denseLimit = 600
    /// Boxes up to this area keep at least one image per sequence.
    static let smallArea = 4.0e-5
    /// How far outside the box stray points may lie, in degrees.
    static let strayMargin = 0.0003

    let seed: UInt64

    /// Fraction of matching images kept for a box of `area` deg² with `count` matching images.
    static func keepFraction(area: Double, count: Int) -> Double {
        0.7 / (1 + area / 5e-5) / (1 + Double(count) / 400)
    }

    /// The sampled answer, or nil when the query must time out.
    /// - Parameters:
    ///   - matching: images inside the box that pass the filters.
    ///   - strays: images just outside the box that pass the filters.
    func sample(box: SimBox, key: String, matching: [SimulatedImage], strays: [SimulatedImage], limit: Int)
        -> [SimulatedImage]?
    {
        guard matching.count <= Self.denseLimit else { return nil }
        let fraction = Self.keepFraction(area: box.area, count: matching.count)
        var kept: [SimulatedImage] = []
        var keptSequences = Set<String>()
        var bestPerSequence: [String: (Double, SimulatedImage)] = [:]
        for image in matching {
            let draw = StableHash.unit(seed: seed, "sample", key, image.id)
            if draw < fraction {
                kept.append(image)
                keptSequences.insert(image.sequence)
            }
            if let best = bestPerSequence[image.sequence], best.0 <= draw { continue }
            bestPerSequence[image.sequence] = (draw, image)
        }
        if box.area <= Self.smallArea {
            for (sequence, best) in bestPerSequence.sorted(by: { $0.key < $1.key }) where !keptSequences.contains(sequence) {
                kept.append(best.1)
            }
        }
        kept += strays.filter { StableHash.unit(seed: seed, "stray", key, $0.id) < 0.15 }
        var rng = SeededGenerator(seed: seed, "shuffle", key)
        kept.shuffle(using: &rng)
        return Array(kept.prefix(max(0, limit)))
    }
}
