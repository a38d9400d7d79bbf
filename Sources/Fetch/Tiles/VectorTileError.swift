/// Why bytes are not a valid Mapbox Vector Tile.
public enum VectorTileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes end inside a field (`what`), at byte `offset`.
    case truncated(offset: Int, what: String)
    /// The bytes are not valid protobuf or MVT at byte `offset`.
    case malformed(offset: Int, reason: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .truncated(let offset, let what): "the tile ends inside a \(what) at byte \(offset)"
        case .malformed(let offset, let reason): "the tile is malformed at byte \(offset): \(reason)"
        }
    }
}
