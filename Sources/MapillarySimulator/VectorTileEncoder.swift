/// Writes Mapbox Vector Tiles (MVT 2.1 protobuf) for the simulator's coverage tiles: layers of points
/// or line strings with properties, geometry as MoveTo/LineTo commands with zigzag deltas. Image ids
/// are written as protobuf doubles, as Mapillary does (the 2^53 trap).
struct VectorTileEncoder {
    /// A property value.
    enum Value: Hashable {
        case string(String)
        case double(Double)
        case int(Int64)
        case uint(UInt64)
        case bool(Bool)
    }

    /// One feature: geometry in tile coordinates and its properties.
    struct Feature {
        var isLine: Bool
        var points: [(x: Int32, y: Int32)]
        var properties: [(String, Value)]
    }

    /// The bytes of a tile with the given layers (name, features), extent 4096.
    static func encode(layers: [(name: String, features: [Feature])]) -> [UInt8] {
        var tile: [UInt8] = []
        for layer in layers {
            var body: [UInt8] = []
            field(15, varint: 2, into: &body)
            field(1, bytes: Array(layer.name.utf8), into: &body)
            var keys: [String] = []
            var keyIndex: [String: Int] = [:]
            var values: [Value] = []
            var valueIndex: [Value: Int] = [:]
            for feature in layer.features {
                var tags: [UInt64] = []
                for (key, value) in feature.properties {
                    let k = keyIndex[key] ?? { keys.append(key); keyIndex[key] = keys.count - 1; return keys.count - 1 }()
                    let v = valueIndex[value] ?? { values.append(value); valueIndex[value] = values.count - 1; return values.count - 1 }()
                    tags += [UInt64(k), UInt64(v)]
                }
                var message: [UInt8] = []
                field(2, bytes: packed(tags), into: &message)
                field(3, varint: feature.isLine ? 2 : 1, into: &message)
                field(4, bytes: packed(geometry(feature)), into: &message)
                field(2, bytes: message, into: &body)
            }
            for key in keys { field(3, bytes: Array(key.utf8), into: &body) }
            for value in values { field(4, bytes: encode(value), into: &body) }
            field(5, varint: 4096, into: &body)
            field(3, bytes: body, into: &tile)
        }
        return tile
    }

    private static func geometry(_ feature: Feature) -> [UInt64] {
        var out: [UInt64] = []
        var cx: Int64 = 0, cy: Int64 = 0
        func delta(_ p: (x: Int32, y: Int32)) {
            let dx = Int64(p.x) - cx, dy = Int64(p.y) - cy
            out += [zigzag(dx), zigzag(dy)]
            cx = Int64(p.x)
            cy = Int64(p.y)
        }
        if feature.isLine {
            guard let first = feature.points.first else { return [] }
            out.append(1 | (1 << 3))
            delta(first)
            let rest = feature.points.dropFirst()
            if !rest.isEmpty {
                out.append(2 | (UInt64(rest.count) << 3))
                for p in rest { delta(p) }
            }
        } else {
            out.append(1 | (UInt64(feature.points.count) << 3))
            for p in feature.points { delta(p) }
        }
        return out
    }

    private static func zigzag(_ n: Int64) -> UInt64 {
        UInt64(bitPattern: (n << 1) ^ (n >> 63))
    }

    private static func encode(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        switch value {
        case .string(let s): field(1, bytes: Array(s.utf8), into: &out)
        case .double(let d):
            out.append(3 << 3 | 1)
            let bits = d.bitPattern
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
        case .int(let n): field(4, varint: UInt64(bitPattern: n), into: &out)
        case .uint(let n): field(5, varint: n, into: &out)
        case .bool(let b): field(7, varint: b ? 1 : 0, into: &out)
        }
        return out
    }

    private static func packed(_ values: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        for v in values { varint(v, into: &out) }
        return out
    }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func field(_ number: UInt64, varint value: UInt64, into out: inout [UInt8]) {
        varint(number << 3, into: &out)
        varint(value, into: &out)
    }

    private static func field(_ number: UInt64, bytes: [UInt8], into out: inout [UInt8]) {
        varint(number << 3 | 2, into: &out)
        varint(UInt64(bytes.count), into: &out)
        out += bytes
    }
}
