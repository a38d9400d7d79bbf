/// Union-find over the indices `0..<count` (path halving; the smaller root wins, so a set's root is its lowest
/// index): the grouping behind near-duplicate groups and leakage-safe split units.
struct DisjointSets {
    private var parent: [Int]

    /// `count` singleton sets.
    init(count: Int) { parent = Array(0..<count) }

    /// The root of `i`'s set (its lowest index).
    mutating func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i {
            parent[i] = parent[parent[i]]
            i = parent[i]
        }
        return i
    }

    /// Joins the sets of `a` and `b`.
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
