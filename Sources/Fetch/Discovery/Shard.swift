import Foundation

/// One part of a source split across `count` processes (`download --shard K/N`, issue 7 §4).
///
/// A sequence belongs to exactly one shard, chosen by a stable hash of its key, so sequences are never
/// split and shards balance; an image without a sequence belongs to the shard its id hashes to. The hash
/// is FNV-1a (64 bit) over the UTF-8 bytes followed by the SplitMix64 finaliser: the same on every machine,
/// every run and every Swift version (unlike `Hasher`).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// The shard number, 1…``count``.
    public let index: Int
    /// The number of shards (at least 1).
    public let count: Int

    /// Creates a shard.
    /// - Parameters:
    ///   - index: 1…`count`.
    ///   - count: At least 1.
    /// - Throws: ``FetchError/invalidInput(_:)`` when `index` is not in 1…`count`.
    public init(index: Int, count: Int) throws(FetchError) {
        guard count >= 1, (1...count).contains(index) else {
            throw .invalidInput("The shard \(index)/\(count) is not valid: expected K/N with 1 ≤ K ≤ N, e.g. 2/3.")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, for example `2/3`.
    /// - Parameter text: The option's value.
    /// - Throws: ``FetchError/invalidInput(_:)`` for anything else or K outside 1…N.
    public init(parsing text: String) throws(FetchError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalidInput("The shard \(FetchError.quoted(text)) is not K/N (two whole numbers with 1 ≤ K ≤ N, e.g. 2/3).")
        }
        try self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard owns the sequence `key`.
    public func owns(sequence key: String) -> Bool {
        Shard.bucket(key, count: count) == index - 1
    }

    /// Whether this shard owns the image `id` when it has no sequence.
    public func owns(looseImage id: String) -> Bool {
        Shard.bucket("#" + id, count: count) == index - 1
    }

    /// Whether this shard owns `image`: by its sequence, or by its id when it has none.
    public func owns(_ image: MapillaryImage) -> Bool {
        if let sequence = image.sequence, !sequence.isEmpty { return owns(sequence: sequence) }
        return owns(looseImage: image.id)
    }

    /// The zero-based shard of `text` among `count`.
    static func bucket(_ text: String, count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return Int(hash % UInt64(max(count, 1)))
    }
}
