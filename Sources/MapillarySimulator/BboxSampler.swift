/// The bbox search's sampling, deterministic from the seed and the bbox text (reference §7):
///
/// - more than ``denseLimit`` matching images → the query times out (HTTP 400, code -2), so clients must split;
/// - otherwise each matching image is kept with probability `0.7 / (1 + area / 5e-5) / (1 + n / 400)`:
///   about 40–60 % in a 0.005° cell, under 10 % in a 0.02° × 0.02° box;
/// - in a box of at most ``smallArea`` deg² (a padded 0.005°–0.006° cell) every sequence with a matching image
///   keeps at least one, so small cells plus sequence expansion reach completeness;
/// - a few images just outside the box are included (a historical quirk);
/// - the answer is shuffled and cut at `limit`.
///
/// A thinning factor `f > 1` (harsh thinning) rations much harder and mostly by area, as the real
/// service does (reference §7.1): each image is kept with probability
/// `0.7 / (1 + f · area / 5e-5) / (1 + f · n / 400)`, and the one-image-per-sequence guarantee only
/// holds in boxes of at most `smallArea / (4 f)` deg² (about a 0.0007° padded cell at `f = 10`), so a
/// client converges only by splitting cells far below what the answer's size suggests.
struct BboxSampler {
    /// Above this many matching images a bbox query answers the timeout error.
    static let denseLimit = 600
    /// Boxes up to this area keep at least one image per sequence.
    static let smallArea = 4.0e-5
    /// How far outside the box stray points may lie, in degrees.
    static let strayMargin = 0.0003

    let seed: UInt64
    /// The thinning factor (1: the default).
    var thinning: Double = 1

    /// Fraction of matching images kept for a box of `area` deg² with `count` matching images.
    static func keepFraction(area: Double, count: Int, thinning: Double = 1) -> Double {
        let f = max(thinning, 1)
        return 0.7 / (1 + f * area / 5e-5) / (1 + f * Double(count) / 400)
    }

    /// The largest box that keeps at least one image per sequence.
    var guaranteeArea: Double {
        thinning <= 1 ? Self.smallArea : Self.smallArea / (4 * thinning)
    }

    /// The sampled answer, or nil when the query must time out.
    /// - Parameters:
    ///   - matching: images inside the box that pass the filters.
    ///   - strays: images just outside the box that pass the filters.
    func sample(box: SimBox, key: String, matching: [SimulatedImage], strays: [SimulatedImage], limit: Int)
        -> [SimulatedImage]?
    {
        guard matching.count <= Self.denseLimit else { return nil }
        let fraction = Self.keepFraction(area: box.area, count: matching.count, thinning: thinning)
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
        if box.area <= guaranteeArea {
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
