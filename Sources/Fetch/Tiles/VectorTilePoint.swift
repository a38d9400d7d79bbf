/// A point in tile coordinates: 0…extent from the tile's west (x) and north (y) edge.
public struct VectorTilePoint: Sendable, Equatable, Hashable {
    /// Distance from the west edge.
    public var x: Int32
    /// Distance from the north edge.
    public var y: Int32

    /// Creates a point.
    public init(x: Int32, y: Int32) {
        self.x = x
        self.y = y
    }
}
