/// A leakage-safe train/validation/test split: no sequence and no near-duplicate group spans two splits.
///
/// Images are joined into units — every image of one sequence (with `by` including ``Key/sequence``) and
/// every member of one `duplicate_group` (with ``Key/group``), transitively. Units are taken largest first
/// (ties in an order shuffled by the seed) and each goes to the split furthest below its target count, so
/// the achieved shares are as close to the ratios as the unit sizes allow. The same seed and catalogue give
/// the same split.
public struct SplitPlan: Sendable {
    /// What keeps images together.
    public enum Key: String, Sendable, CaseIterable {
        /// Frames of one sequence.
        case sequence
        /// Members of one near-duplicate group.
        case group
    }

    /// The split names, in the order of the ratios.
    public static let names = ["train", "val", "test"]

    /// One image to split.
    public struct Image: Sendable {
        /// Its id.
        public var id: String
        /// Its sequence, if any.
        public var sequence: String?
        /// Its near-duplicate group, if any.
        public var group: String?

        /// Creates an image.
        public init(id: String, sequence: String?, group: String?) {
            self.id = id
            self.sequence = sequence
            self.group = group
        }
    }

    /// Train, val and test shares (non-negative, summing to 1).
    public var ratios: [Double]
    /// The shuffle's seed.
    public var seed: UInt64
    /// What keeps images together.
    public var by: Set<Key>

    /// Creates a plan.
    public init(ratios: [Double], seed: UInt64, by: Set<Key> = Set(Key.allCases)) {
        self.ratios = ratios
        self.seed = seed
        self.by = by
    }

    /// The split of every image, by id.
    public func assign(_ images: [Image]) -> [String: String] {
        var sets = DisjointSets(count: images.count)
        var first: [String: Int] = [:]
        for (index, image) in images.enumerated() {
            let keys = [by.contains(.sequence) ? image.sequence.map { "s " + $0 } : nil,
                        by.contains(.group) ? image.group.map { "g " + $0 } : nil].compactMap { $0 }
            for key in keys {
                if let other = first[key] {
                    sets.union(index, other)
                } else {
                    first[key] = index
                }
            }
        }
        var units: [Int: [Int]] = [:]
        for index in images.indices { units[sets.find(index), default: []].append(index) }
        let ordered = units.values.map { members -> (key: UInt64, members: [Int]) in
            let smallest = members.map { images[$0].id }.min() ?? ""
            return (Self.mix(seed, smallest), members)
        }.sorted { $0.members.count != $1.members.count ? $0.members.count > $1.members.count : $0.key < $1.key }

        let total = Double(images.count)
        var counts = [Int](repeating: 0, count: ratios.count)
        var result: [String: String] = [:]
        for unit in ordered {
            // The split furthest below its target after taking this unit loses the least.
            var best = 0
            var bestDeficit = -Double.infinity
            for split in ratios.indices where ratios[split] > 0 {
                let deficit = ratios[split] * total - Double(counts[split])
                if deficit > bestDeficit {
                    bestDeficit = deficit
                    best = split
                }
            }
            counts[best] += unit.members.count
            for member in unit.members { result[images[member].id] = Self.names[best] }
        }
        return result
    }

    /// A seeded 64-bit hash of `text` (FNV-1a, then a SplitMix64 finaliser): stable across runs and platforms.
    static func mix(_ seed: UInt64, _ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        hash ^= hash >> 30
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash = hash &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
