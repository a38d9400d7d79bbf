/// One layer of a vector tile: its name, extent and features.
public struct VectorTileLayer: Sendable, Equatable {
    /// The layer name (`image`, `sequence`, `overview`).
    public var name: String
    /// The tile extent in tile coordinates (4096 by default).
    public var extent: UInt32
    /// The MVT version (2 today).
    public var version: UInt32
    /// The features in order.
    public var features: [VectorTileFeature]

    /// Creates a layer.
    public init(name: String, extent: UInt32 = 4096, version: UInt32 = 2, features: [VectorTileFeature]) {
        self.name = name
        self.extent = extent
        self.version = version
        self.features = features
    }

    /// Decodes one `Layer` message: the key and value tables first, then each feature's tags against them.
    static func decode(_ reader: inout ProtobufReader) throws(VectorTileError) -> VectorTileLayer {
        var name: String?
        var extent: UInt32 = 4096
        var version: UInt32 = 1
        var keys: [String] = []
        var values: [VectorTileValue] = []
        var rawFeatures: [(id: UInt64?, kind: UInt64, tags: [UInt32], geometry: [UInt32], offset: Int)] = []
        while !reader.isAtEnd {
            let key = try reader.readKey()
            switch (key.field, key.type) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited):
                let offset = reader.position
                var inner = reader.nested(try reader.readLengthDelimited())
                var id: UInt64?
                var kind: UInt64 = 0
                var tags: [UInt32] = []
                var geometry: [UInt32] = []
                while !inner.isAtEnd {
                    let field = try inner.readKey()
                    switch (field.field, field.type) {
                    case (1, .varint): id = try inner.readVarint()
                    case (2, _): try inner.readPackedUInt32(type: field.type, into: &tags)
                    case (3, .varint): kind = try inner.readVarint()
                    case (4, _): try inner.readPackedUInt32(type: field.type, into: &geometry)
                    default: try inner.skip(field.type)
                    }
                }
                rawFeatures.append((id, kind, tags, geometry, offset))
            case (3, .lengthDelimited): keys.append(try reader.readString())
            case (4, .lengthDelimited):
                var inner = reader.nested(try reader.readLengthDelimited())
                values.append(try VectorTileValue.decode(&inner))
            case (5, .varint):
                let raw = try reader.readVarint()
                guard raw > 0, raw <= 1 << 20 else { throw .malformed(offset: reader.position, reason: "layer extent \(raw)") }
                extent = UInt32(raw)
            case (15, .varint):
                version = UInt32(truncatingIfNeeded: min(try reader.readVarint(), UInt64(UInt32.max)))
            default: try reader.skip(key.type)
            }
        }
        guard let name else { throw .malformed(offset: reader.position, reason: "a layer without a name") }
        var features: [VectorTileFeature] = []
        features.reserveCapacity(rawFeatures.count)
        for raw in rawFeatures {
            guard raw.tags.count % 2 == 0 else {
                throw .malformed(offset: raw.offset, reason: "odd number of tags in a feature of layer \(name)")
            }
            var properties: [String: VectorTileValue] = [:]
            var t = 0
            while t < raw.tags.count {
                let k = Int(raw.tags[t]), v = Int(raw.tags[t + 1])
                guard k < keys.count, v < values.count else {
                    throw .malformed(offset: raw.offset, reason: "tag index out of range in layer \(name)")
                }
                properties[keys[k]] = values[v]
                t += 2
            }
            let parts: [[VectorTilePoint]]
            do {
                parts = try VectorTileFeature.decodeGeometry(raw.geometry)
            } catch {
                throw .malformed(offset: raw.offset, reason: "layer \(name): \(error.description)")
            }
            features.append(VectorTileFeature(id: raw.id, kind: VectorTileFeature.Kind(rawValue: raw.kind) ?? .unknown,
                                              properties: properties, parts: parts))
        }
        return VectorTileLayer(name: name, extent: extent, version: version, features: features)
    }
}
