import Fetch
import Testing

/// A minimal protobuf writer for hand-built tiles (independent of the simulator's encoder).
private struct Proto {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: UInt64, _ type: UInt64) { varint(field << 3 | type) }
    mutating func field(_ field: UInt64, varint value: UInt64) {
        key(field, 0)
        varint(value)
    }
    mutating func field(_ field: UInt64, bytes body: [UInt8]) {
        key(field, 2)
        varint(UInt64(body.count))
        bytes += body
    }
    mutating func field(_ field: UInt64, string: String) { self.field(field, bytes: Array(string.utf8)) }
    mutating func field(_ field: UInt64, double: Double) {
        key(field, 1)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: double.bitPattern >> (8 * UInt64(i)))) }
    }
    mutating func field(_ field: UInt64, float: Float) {
        key(field, 5)
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: float.bitPattern >> (8 * UInt32(i)))) }
    }
    static func packed(_ values: [UInt64]) -> [UInt8] {
        var p = Proto()
        for v in values { p.varint(v) }
        return p.bytes
    }
    static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }
}

/// A tile with an `image` layer (two points, one multipoint feature) and a `sequence` layer (a line and a closed ring).
private func sampleTile() -> [UInt8] {
    var values: [[UInt8]] = []
    var v = Proto(); v.field(1, string: "AbCdEfGhIjKlMnOpQrStUv"); values.append(v.bytes)   // 0 string
    v = Proto(); v.field(3, double: 26774514888887982); values.append(v.bytes)            // 1 double id > 2^53
    v = Proto(); v.field(7, varint: 1); values.append(v.bytes)                             // 2 bool true
    v = Proto(); v.field(4, varint: UInt64(bitPattern: -5)); values.append(v.bytes)        // 3 int -5
    v = Proto(); v.field(5, varint: 1_234_567); values.append(v.bytes)                     // 4 uint
    v = Proto(); v.field(6, varint: Proto.zigzag(-3)); values.append(v.bytes)              // 5 sint -3
    v = Proto(); v.field(2, float: 0.5); values.append(v.bytes)                            // 6 float
    v = Proto(); v.field(3, double: 1_447_075_489_494_186); values.append(v.bytes)         // 7 exact double id

    var imageLayer = Proto()
    imageLayer.field(15, varint: 2)
    imageLayer.field(1, string: "image")
    // Feature 1: one point at (10, 20); id, sequence_id, is_pano, captured_at, creator_id, organization_id, quality_score.
    var f = Proto()
    f.field(1, varint: 99)
    f.field(2, bytes: Proto.packed([0, 1, 1, 0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]))
    f.field(3, varint: 1)
    f.field(4, bytes: Proto.packed([1 | 1 << 3, Proto.zigzag(10), Proto.zigzag(20)]))
    imageLayer.field(2, bytes: f.bytes)
    // Feature 2: a multipoint (3 points, deltas incl. negative ones), exact id.
    f = Proto()
    f.field(2, bytes: Proto.packed([0, 7, 1, 0, 2, 2]))
    f.field(3, varint: 1)
    f.field(4, bytes: Proto.packed([1 | 3 << 3, Proto.zigzag(100), Proto.zigzag(100), Proto.zigzag(-50), Proto.zigzag(5),
                                    Proto.zigzag(0), Proto.zigzag(-105)]))
    imageLayer.field(2, bytes: f.bytes)
    for name in ["id", "sequence_id", "is_pano", "captured_at", "creator_id", "organization_id", "quality_score"] {
        imageLayer.field(3, string: name)
    }
    for value in values { imageLayer.field(4, bytes: value) }
    imageLayer.field(5, varint: 4096)

    var sequenceLayer = Proto()
    sequenceLayer.field(15, varint: 2)
    sequenceLayer.field(1, string: "sequence")
    f = Proto()
    f.field(2, bytes: Proto.packed([0, 0, 1, 1]))
    f.field(3, varint: 2)
    // MoveTo(5,5) LineTo(+10,0)(0,+10)
    f.field(4, bytes: Proto.packed([1 | 1 << 3, Proto.zigzag(5), Proto.zigzag(5), 2 | 2 << 3, Proto.zigzag(10), 0, 0, Proto.zigzag(10)]))
    sequenceLayer.field(2, bytes: f.bytes)
    f = Proto()
    f.field(3, varint: 3)
    // MoveTo(0,0) LineTo(4,0)(0,4) ClosePath
    f.field(4, bytes: Proto.packed([1 | 1 << 3, 0, 0, 2 | 2 << 3, Proto.zigzag(4), 0, 0, Proto.zigzag(4), 7 | 1 << 3]))
    sequenceLayer.field(2, bytes: f.bytes)
    sequenceLayer.field(3, string: "id")
    sequenceLayer.field(3, string: "is_pano")
    sequenceLayer.field(4, bytes: values[0])
    sequenceLayer.field(4, bytes: values[2])

    var tile = Proto()
    tile.field(3, bytes: imageLayer.bytes)
    tile.field(3, bytes: sequenceLayer.bytes)
    tile.field(9, varint: 42)  // an unknown field is skipped
    return tile.bytes
}

@Suite("Vector tile decoding (hand-built and hostile tiles)")
struct VectorTileDecoderTests {
    @Test("layers, properties of every value kind, and point geometry with zigzag deltas")
    func decodesImageLayer() throws {
        let tile = try VectorTile.decode(sampleTile())
        #expect(tile.layers.map(\.name) == ["image", "sequence"])
        let image = try #require(tile.layer("image"))
        #expect(image.extent == 4096)
        #expect(image.version == 2)
        #expect(image.features.count == 2)
        let first = image.features[0]
        #expect(first.id == 99)
        #expect(first.kind == .point)
        #expect(first.parts == [[VectorTilePoint(x: 10, y: 20)]])
        #expect(first.properties["sequence_id"] == .string("AbCdEfGhIjKlMnOpQrStUv"))
        #expect(first.properties["is_pano"]?.boolValue == true)
        #expect(first.properties["captured_at"] == .int(-5))
        #expect(first.properties["creator_id"] == .uint(1_234_567))
        #expect(first.properties["organization_id"] == .sint(-3))
        #expect(first.properties["quality_score"] == .float(0.5))
        // The double id above 2^53 is not an exact integer; the one below is.
        #expect(first.properties["id"]?.exactInteger == nil)
        #expect(first.properties["id"]?.doubleValue == 26774514888887984)
        let second = image.features[1]
        #expect(second.properties["id"]?.exactInteger == 1_447_075_489_494_186)
        #expect(second.parts == [[VectorTilePoint(x: 100, y: 100)], [VectorTilePoint(x: 50, y: 105)], [VectorTilePoint(x: 50, y: 0)]])
    }

    @Test("line strings and ClosePath rings")
    func decodesLines() throws {
        let layer = try #require(try VectorTile.decode(sampleTile()).layer("sequence"))
        #expect(layer.features[0].kind == .lineString)
        #expect(layer.features[0].parts == [[VectorTilePoint(x: 5, y: 5), VectorTilePoint(x: 15, y: 5), VectorTilePoint(x: 15, y: 15)]])
        #expect(layer.features[0].properties["id"]?.stringValue == "AbCdEfGhIjKlMnOpQrStUv")
        #expect(layer.features[1].kind == .polygon)
        #expect(layer.features[1].parts == [[VectorTilePoint(x: 0, y: 0), VectorTilePoint(x: 4, y: 0), VectorTilePoint(x: 4, y: 4),
                                             VectorTilePoint(x: 0, y: 0)]])
    }

    @Test("an empty body is a tile without layers")
    func emptyTile() throws {
        #expect(try VectorTile.decode([]).layers.isEmpty)
    }

    @Test("every truncation of a valid tile throws or decodes, never traps")
    func truncations() {
        let bytes = sampleTile()
        var failures = 0
        for length in 0..<bytes.count {
            do {
                _ = try VectorTile.decode(Array(bytes[0..<length]))
            } catch {
                failures += 1
            }
        }
        #expect(failures > bytes.count / 2)
    }

    @Test("hostile bytes: each is refused with a located error")
    func hostile() {
        let cases: [(String, [UInt8])] = [
            ("varint longer than 10 bytes", [0x1A] + Array(repeating: 0xFF, count: 11)),
            ("length beyond the end", [0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]),
            ("group wire type", [0x1B, 0x00]),
            ("field number 0", [0x02, 0x00]),
            ("truncated fixed64", [0x09, 0x01, 0x02]),
            ({ () -> (String, [UInt8]) in
                var layer = Proto()
                layer.field(1, string: "image")
                var f = Proto()
                f.field(2, bytes: Proto.packed([0, 5]))  // key 0, value 5: no such entries
                layer.field(2, bytes: f.bytes)
                var t = Proto(); t.field(3, bytes: layer.bytes)
                return ("tag index out of range", t.bytes)
            }()),
            ({ () -> (String, [UInt8]) in
                var layer = Proto()
                layer.field(1, string: "image")
                var f = Proto()
                f.field(4, bytes: Proto.packed([1 | UInt64(1 << 28) << 3, 2, 2]))  // MoveTo × 2^28 with one pair
                layer.field(2, bytes: f.bytes)
                var t = Proto(); t.field(3, bytes: layer.bytes)
                return ("command count beyond the parameters", t.bytes)
            }()),
            ({ () -> (String, [UInt8]) in
                var layer = Proto()
                layer.field(1, string: "image")
                var f = Proto()
                f.field(4, bytes: Proto.packed([2 | 1 << 3, 2, 2]))  // LineTo first
                layer.field(2, bytes: f.bytes)
                var t = Proto(); t.field(3, bytes: layer.bytes)
                return ("LineTo before MoveTo", t.bytes)
            }()),
            ({ () -> (String, [UInt8]) in
                var layer = Proto()
                layer.field(1, bytes: [0xFF, 0xFE])
                var t = Proto(); t.field(3, bytes: layer.bytes)
                return ("invalid UTF-8 name", t.bytes)
            }()),
            ({ () -> (String, [UInt8]) in
                var layer = Proto()
                layer.field(5, varint: 4096)
                var t = Proto(); t.field(3, bytes: layer.bytes)
                return ("layer without a name", t.bytes)
            }()),
        ]
        for (name, bytes) in cases {
            #expect(throws: VectorTileError.self, "\(name)") { try VectorTile.decode(bytes) }
        }
    }

    @Test("seeded random mutations of a valid tile never trap")
    func mutations() {
        let original = sampleTile()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var decoded = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + Int(next() % 4)) {
                bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
            }
            if (try? VectorTile.decode(bytes)) != nil { decoded += 1 }
        }
        for _ in 0..<500 {
            let random = (0..<Int(next() % 200)).map { _ in UInt8(truncatingIfNeeded: next()) }
            _ = try? VectorTile.decode(random)
        }
        #expect(decoded < 3000)
    }

    @Test("tile coordinates: the covering of a box and the position of tile points")
    func coordinates() {
        let tile = TileCoordinate(containingLon: 13.40, lat: 52.50, zoom: 14)
        #expect(tile == TileCoordinate(z: 14, x: 8801, y: 5374))
        let bounds = tile.bounds
        #expect(bounds.contains(lon: 13.40, lat: 52.50))
        let corner = tile.location(of: VectorTilePoint(x: 0, y: 0), extent: 4096)
        #expect(abs(corner.lon - bounds.minLon) < 1e-12 && abs(corner.lat - bounds.maxLat) < 1e-12)
        let box = BoundingBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52)
        let cover = TileCoordinate.covering(box)
        #expect(cover.count == 9)
        #expect(cover.allSatisfy { $0.z == 14 })
    }
}
