import Fetch
import Testing

@Suite("Bounding box")
struct BoundingBoxTests {
    @Test("parses W,S,E,N with spaces and negative values")
    func parses() throws {
        let box = try BoundingBox(parsing: "-102.4486, 44.0658,-102.4386,44.0758")
        #expect(box == BoundingBox(minLon: -102.4486, minLat: 44.0658, maxLon: -102.4386, maxLat: 44.0758))
        #expect(abs(box.area - 0.0001) < 1e-12)
        #expect(box.parameter == "-102.4486,44.0658,-102.4386,44.0758")
    }

    @Test("a box across the antimeridian (W > 0 > E) is split into two boxes at ±180")
    func antimeridianSplit() throws {
        let boxes = try BoundingBox.parsingAreas("179.5,-17.2,-179.8,-16.9")
        #expect(boxes == [BoundingBox(minLon: 179.5, minLat: -17.2, maxLon: 180, maxLat: -16.9),
                          BoundingBox(minLon: -180, minLat: -17.2, maxLon: -179.8, maxLat: -16.9)])
        #expect(try BoundingBox.parsingAreas("1,2,3,4") == [BoundingBox(minLon: 1, minLat: 2, maxLon: 3, maxLat: 4)])
    }

    @Test("the antimeridian split still refuses what no split can fix", arguments: [
        ("179,2,-179,1", "S (2.0) ≥ N"), ("13.42,52.49,13.38,52.52", "W (13.42) ≥ E"), ("-1,2,-3,4", "W (-1.0) ≥ E"),
        ("179,-91,-179,1", "outside -90…90"), ("181,1,-179,2", "outside -180…180"),
    ])
    func antimeridianRefuses(_ text: String, hint: String) {
        do {
            _ = try BoundingBox.parsingAreas(text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .invalidInput(let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(message.contains(hint), "\(message)")
        }
    }

    @Test("refuses bad boxes with a hint", arguments: [
        ("44.0658,-102.4486,44.0758,-102.4386", "looks like lat,lon"),
        ("1,2,3", "expected four"),
        ("1,2,3,4,5", "expected four"),
        ("a,2,3,4", "not a finite"),
        ("nan,2,3,4", "not a finite"),
        ("inf,2,3,4", "not a finite"),
        ("1,2,1,4", "W (1.0) ≥ E"),
        ("1,4,2,3", "S (4.0) ≥ N"),
        ("179,1,-179,2", "antimeridian"),
        ("-181,1,2,2", "outside -180…180"),
        ("100,-91,101,2", "outside -90…90"),
        ("1,-91,2,2", "looks like lat,lon"),
        ("", "expected four"),
    ])
    func refuses(_ text: String, hint: String) {
        expectInvalidInput(text, hint: hint) { _ = try BoundingBox(parsing: text) }
    }

    @Test("quadrants tile the box exactly")
    func quadrants() {
        let box = BoundingBox(minLon: 10, minLat: 20, maxLon: 10.004, maxLat: 20.002)
        let parts = box.quadrants()
        #expect(parts.count == 4)
        let total = parts.reduce(0) { $0 + $1.area }
        #expect(abs(total - box.area) < 1e-15)
        #expect(parts.allSatisfy { box.intersects($0) && $0.minLon >= box.minLon && $0.maxLat <= box.maxLat })
        #expect(parts[0].maxLon == parts[1].minLon && parts[0].maxLat == parts[2].minLat)
    }

    @Test("padding, intersection and containment")
    func geometry() {
        let box = BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)
        #expect(box.padded(by: 0.5) == BoundingBox(minLon: -0.5, minLat: -0.5, maxLon: 1.5, maxLat: 1.5))
        #expect(BoundingBox(minLon: 179.9, minLat: 89.9, maxLon: 180, maxLat: 90).padded(by: 1).maxLon == 180)
        #expect(box.intersects(BoundingBox(minLon: 1, minLat: 1, maxLon: 2, maxLat: 2)))
        #expect(!box.intersects(BoundingBox(minLon: 1.01, minLat: 0, maxLon: 2, maxLat: 1)))
        #expect(box.contains(lon: 0, lat: 1) && box.contains(lon: 0.5, lat: 0.5))
        #expect(!box.contains(lon: -0.0001, lat: 0.5))
    }
}
