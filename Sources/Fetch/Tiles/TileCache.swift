/// Durable storage of fetched coverage tiles, so `mly360 plan` and later `download` runs of the same
/// folder never spend the tile budget twice. The download's state database implements it (table
/// `tile`, migration `v7-tiles`).
public protocol TileCache: Sendable {
    /// The stored body of the tile `key` (`<tileset> z/x/y`), or `nil` when it was never stored.
    func cachedTile(_ key: String) async throws -> [UInt8]?

    /// Stores the body of the tile `key` (replacing an older one); durable when it returns.
    func storeTile(_ key: String, body: [UInt8]) async throws
}
