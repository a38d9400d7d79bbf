/// SplitMix64: a tiny, fast, seedable generator; the simulator's only source of "randomness".
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator seeded from a base seed and any number of strings (e.g. a bbox text), so that each use
    /// gets an independent, reproducible stream.
    init(seed: UInt64, _ salts: String...) {
        var state = seed ^ 0x9E37_79B9_7F4A_7C15
        for salt in salts { state = StableHash.hash(salt, seed: state) }
        self.state = state
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }

    /// A double uniformly in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// Deterministic (not per-process randomised, unlike `Hasher`) 64-bit hashing.
enum StableHash {
    /// The SplitMix64 finaliser: a strong 64-bit mixer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the UTF-8 bytes, seeded, then mixed.
    static func hash(_ text: String, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ mix(seed)
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return mix(h)
    }

    /// A value in [0, 1) determined by the seed and the strings.
    static func unit(seed: UInt64, _ parts: String...) -> Double {
        var h = seed
        for part in parts { h = hash(part, seed: h) }
        return Double(h >> 11) * 0x1.0p-53
    }
}
