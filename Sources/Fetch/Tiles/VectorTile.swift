/// A decoded Mapbox Vector Tile (MVT 2.1): its layers by order of appearance.
///
/// ``decode(_:)`` is the public, total entry point: any byte array either decodes or throws a
/// ``VectorTileError``; it never traps, and never allocates more than a small multiple of the input.
public struct VectorTile: Sendable, Equatable {
    /// The layers in order.
    public var layers: [VectorTileLayer]

    /// Creates a tile.
    public init(layers: [VectorTileLayer]) {
        self.layers = layers
    }

    /// The first layer called `name`.
    public func layer(_ name: String) -> VectorTileLayer? {
        layers.first { $0.name == name }
    }

    /// Decodes the protobuf bytes of a tile.
    /// - Parameter bytes: The tile body (not gzip-compressed).
    /// - Throws: ``VectorTileError`` for truncated or malformed bytes.
    public static func decode(_ bytes: [UInt8]) throws(VectorTileError) -> VectorTile {
        var reader = ProtobufReader(bytes)
        var layers: [VectorTileLayer] = []
        while !reader.isAtEnd {
            let key = try reader.readKey()
            if key.field == 3 && key.type == .lengthDelimited {
                var inner = reader.nested(try reader.readLengthDelimited())
                layers.append(try VectorTileLayer.decode(&inner))
            } else {
                try reader.skip(key.type)
            }
        }
        return VectorTile(layers: layers)
    }
}
