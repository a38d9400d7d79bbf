/// What the tile server answered for one tile.
public enum TileFetchResult: Sendable, Equatable {
    /// The tile's bytes (an empty array for a tile the server says has no data: 204 or 404).
    case tile([UInt8])
    /// The server stopped serving tiles: a redirect (the per-IP block sends a login page), an HTML
    /// answer, or a refusal of the token. `reason` names the status and URL (token-free).
    case blocked(reason: String)
}
