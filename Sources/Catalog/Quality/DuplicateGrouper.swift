/// Groups near-duplicate images by their perceptual hashes: exact copies, re-encodes, resizes, and
/// panoramas turned by any yaw angle.
///
/// Two images are near-duplicates when their pixel aspect ratios agree within 1 % and their pHash differ in
/// at most ``phashThreshold`` bits or their yaw-invariant hashes in at most ``yawThreshold`` bits. Groups
/// are the connected components of that relation (union-find). Images with little information (entropy
/// below ``minimumEntropy`` bits: blank or uniform frames, whose hashes all look alike) are never grouped.
///
/// The search scales: by the pigeonhole principle two 64-bit hashes within `t` bits agree exactly on at
/// least one of `t + 1` disjoint chunks, so candidates come from chunk buckets, never from all pairs.
public struct DuplicateGrouper {
    /// pHash bits that may differ (imagededup's default is 10 of 64; 8 is stricter, measured below).
    public static let phashThreshold = 8
    /// Yaw-hash bits that may differ.
    public static let yawThreshold = 6
    /// Images below this entropy (bits) are not grouped.
    public static let minimumEntropy = 2.0

    /// One image to group.
    public struct Item: Sendable {
        /// The image id.
        public var id: String
        /// Its DCT pHash.
        public var phash: UInt64
        /// Its yaw-invariant hash.
        public var yawHash: UInt64
        /// Pixel width / height.
        public var aspect: Double
        /// The best member of a group (named by `duplicate_of`) has the most pixels, then the largest file
        /// (at the same size, the least compressed copy), then the highest blur score.
        public var pixels: Int
        /// File size.
        public var bytes: Int64
        /// Blur score.
        public var sharpness: Double

        /// Creates an item.
        public init(id: String, phash: UInt64, yawHash: UInt64, aspect: Double, pixels: Int, bytes: Int64, sharpness: Double) {
            self.id = id
            self.phash = phash
            self.yawHash = yawHash
            self.aspect = aspect
            self.pixels = pixels
            self.bytes = bytes
            self.sharpness = sharpness
        }
    }

    /// A group: its members, the best one first.
    public struct Group: Sendable, Equatable {
        /// Member ids, the best first.
        public var members: [String]
    }

    /// The groups of two or more members.
    public static func groups(_ items: [Item]) -> [Group] {
        var sets = DisjointSets(count: items.count)
        let aspects = items.map(\.aspect)
        for (hashes, threshold) in [(items.map(\.phash), phashThreshold), (items.map(\.yawHash), yawThreshold)] {
            let chunks = threshold + 1
            var offset = 0
            for chunk in 0..<chunks {
                let width = 64 / chunks + (chunk < 64 % chunks ? 1 : 0)
                let mask: UInt64 = (1 << UInt64(width)) - 1
                // Indices ordered by this chunk's value: equal chunks form runs, the candidate buckets.
                let order = hashes.indices.sorted { (hashes[$0] >> UInt64(offset)) & mask < (hashes[$1] >> UInt64(offset)) & mask }
                var runStart = 0
                var run: [UInt64] = []
                while runStart < order.count {
                    let key = (hashes[order[runStart]] >> UInt64(offset)) & mask
                    var runEnd = runStart + 1
                    while runEnd < order.count, (hashes[order[runEnd]] >> UInt64(offset)) & mask == key { runEnd += 1 }
                    if runEnd - runStart > 1 {
                        run.removeAll(keepingCapacity: true)
                        for position in runStart..<runEnd { run.append(hashes[order[position]]) }
                        run.withUnsafeBufferPointer { values in
                            for a in 0..<values.count {
                                let ha = values[a]
                                for b in (a + 1)..<values.count where (ha ^ values[b]).nonzeroBitCount <= threshold {
                                    let ia = order[runStart + a], ib = order[runStart + b]
                                    if abs(aspects[ia] - aspects[ib]) <= 0.01 * max(aspects[ia], aspects[ib]) { sets.union(ia, ib) }
                                }
                            }
                        }
                    }
                    runStart = runEnd
                }
                offset += width
            }
        }
        var byRoot: [Int: [Int]] = [:]
        for index in items.indices { byRoot[sets.find(index), default: []].append(index) }
        return byRoot.values.filter { $0.count > 1 }.map { members in
            let sorted = members.sorted { a, b in
                let x = items[a], y = items[b]
                if x.pixels != y.pixels { return x.pixels > y.pixels }
                if x.bytes != y.bytes { return x.bytes > y.bytes }
                if x.sharpness != y.sharpness { return x.sharpness > y.sharpness }
                return x.id < y.id
            }
            return Group(members: sorted.map { items[$0].id })
        }.sorted { $0.members[0] < $1.members[0] }
    }
}
