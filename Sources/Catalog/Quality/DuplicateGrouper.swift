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
struct DuplicateGrouper {
    /// pHash bits that may differ (imagededup's default is 10 of 64; 8 is stricter, measured below).
    static let phashThreshold = 8
    /// Yaw-hash bits that may differ.
    static let yawThreshold = 6
    /// Images below this entropy (bits) are not grouped.
    static let minimumEntropy = 2.0

    /// One image to group.
    struct Item {
        var id: String
        var phash: UInt64
        var yawHash: UInt64
        var aspect: Double
        /// The best member of a group (named by `duplicate_of`) has the most pixels, then the largest file
        /// (at the same size, the least compressed copy), then the highest blur score.
        var pixels: Int
        var bytes: Int64
        var sharpness: Double
    }

    /// A group: its members, the best one first.
    struct Group: Equatable {
        var members: [String]
    }

    /// The groups of two or more members.
    static func groups(_ items: [Item]) -> [Group] {
        var parent = Array(items.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        func similarAspect(_ a: Int, _ b: Int) -> Bool {
            abs(items[a].aspect - items[b].aspect) <= 0.01 * max(items[a].aspect, items[b].aspect)
        }
        for (hash, threshold) in [(\Item.phash, phashThreshold), (\Item.yawHash, yawThreshold)] {
            let chunks = threshold + 1
            let widths = (0..<chunks).map { 64 / chunks + ($0 < 64 % chunks ? 1 : 0) }
            var offset = 0
            for width in widths {
                let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
                var buckets: [UInt64: [Int]] = [:]
                for (index, item) in items.enumerated() {
                    buckets[(item[keyPath: hash] >> UInt64(offset)) & mask, default: []].append(index)
                }
                for members in buckets.values where members.count > 1 {
                    for a in 0..<members.count {
                        let ia = members[a]
                        let ha = items[ia][keyPath: hash]
                        for b in (a + 1)..<members.count {
                            let ib = members[b]
                            if (ha ^ items[ib][keyPath: hash]).nonzeroBitCount <= threshold, similarAspect(ia, ib) {
                                union(ia, ib)
                            }
                        }
                    }
                }
                offset += width
            }
        }
        var byRoot: [Int: [Int]] = [:]
        for index in items.indices { byRoot[find(index), default: []].append(index) }
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
