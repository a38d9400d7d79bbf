/// One feature of a vector tile layer: its properties and its geometry in tile coordinates.
public struct VectorTileFeature: Sendable, Equatable {
    /// The MVT geometry type.
    public enum Kind: UInt64, Sendable {
        /// Unknown geometry.
        case unknown = 0
        /// Point or multipoint.
        case point = 1
        /// Line string or multi-line string.
        case lineString = 2
        /// Polygon or multipolygon.
        case polygon = 3
    }

    /// The feature's `id` field, when present.
    public var id: UInt64?
    /// The geometry type.
    public var kind: Kind
    /// Properties resolved from the layer's key and value tables.
    public var properties: [String: VectorTileValue]
    /// The geometry: one array of points per part (one per point of a multipoint, one per line or ring),
    /// in tile coordinates (0…extent, y down).
    public var parts: [[VectorTilePoint]]

    /// Creates a feature.
    public init(id: UInt64? = nil, kind: Kind, properties: [String: VectorTileValue], parts: [[VectorTilePoint]]) {
        self.id = id
        self.kind = kind
        self.properties = properties
        self.parts = parts
    }

    /// Decodes the geometry commands (MoveTo, LineTo, ClosePath with zigzag-encoded deltas).
    /// - Throws: ``VectorTileError/malformed(offset:reason:)`` for an unknown command, a count that
    ///   exceeds the remaining integers, or a LineTo before any MoveTo.
    static func decodeGeometry(_ commands: [UInt32]) throws(VectorTileError) -> [[VectorTilePoint]] {
        var parts: [[VectorTilePoint]] = []
        var current: [VectorTilePoint] = []
        var x: Int64 = 0, y: Int64 = 0
        var i = 0
        func zigzag(_ n: UInt32) -> Int64 { Int64(n >> 1) ^ -Int64(n & 1) }
        while i < commands.count {
            let command = commands[i] & 7
            let count = Int(commands[i] >> 3)
            i += 1
            switch command {
            case 1, 2:
                guard count <= (commands.count - i) / 2 else {
                    throw .malformed(offset: i, reason: "geometry command count \(count) exceeds the parameters left")
                }
                if command == 2 && current.isEmpty {
                    throw .malformed(offset: i, reason: "LineTo before MoveTo")
                }
                for _ in 0..<count {
                    x += zigzag(commands[i])
                    y += zigzag(commands[i + 1])
                    i += 2
                    guard abs(x) <= Int64(Int32.max), abs(y) <= Int64(Int32.max) else {
                        throw .malformed(offset: i, reason: "geometry coordinate out of range")
                    }
                    if command == 1 {
                        if !current.isEmpty { parts.append(current) }
                        current = []
                    }
                    current.append(VectorTilePoint(x: Int32(x), y: Int32(y)))
                }
            case 7:
                guard !current.isEmpty else { throw .malformed(offset: i, reason: "ClosePath without a path") }
                current.append(current[0])
            default:
                throw .malformed(offset: i, reason: "unknown geometry command \(command)")
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
