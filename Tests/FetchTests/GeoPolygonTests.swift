import Fetch
import Testing

@Suite("GeoJSON polygon")
struct GeoPolygonTests {
    static let square = "[[0,0],[10,0],[10,10],[0,10],[0,0]]"
    static let hole = "[[4,4],[6,4],[6,6],[4,6],[4,4]]"

    private func polygon(_ text: String) throws -> GeoPolygon {
        try GeoPolygon(geoJSON: Array(text.utf8), path: "area.geojson")
    }

    @Test("holes are respected")
    func holes() throws {
        let area = try polygon(#"{"type":"Polygon","coordinates":[\#(Self.square),\#(Self.hole)]}"#)
        #expect(area.contains(lon: 1, lat: 1))
        #expect(!area.contains(lon: 5, lat: 5))
        #expect(area.contains(lon: 7, lat: 5))
        #expect(!area.contains(lon: 11, lat: 5))
        #expect(area.boundingBox == BoundingBox(minLon: 0, minLat: 0, maxLon: 10, maxLat: 10))
        #expect(!area.intersects(BoundingBox(minLon: 4.5, minLat: 4.5, maxLon: 5.5, maxLat: 5.5)))
        #expect(area.intersects(BoundingBox(minLon: 5.5, minLat: 5.5, maxLon: 6.5, maxLat: 6.5)))
        #expect(area.intersects(BoundingBox(minLon: -1, minLat: -1, maxLon: 11, maxLat: 11)))
        #expect(!area.intersects(BoundingBox(minLon: 11, minLat: 0, maxLon: 12, maxLat: 1)))
    }

    @Test("a MultiPolygon is the union of its parts")
    func multi() throws {
        let area = try polygon(#"{"type":"MultiPolygon","coordinates":[[\#(Self.square)],[[[20,20],[21,20],[21,21],[20,20]]]]}"#)
        #expect(area.partCount == 2)
        #expect(area.contains(lon: 5, lat: 5))
        #expect(area.contains(lon: 20.8, lat: 20.2))
        #expect(!area.contains(lon: 20.2, lat: 20.8))
        #expect(!area.contains(lon: 15, lat: 15))
    }

    @Test("Feature and FeatureCollection collect every polygon part and ignore other geometry")
    func features() throws {
        let text = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[50,50]}},
              {"type":"Feature","geometry":{"type":"Polygon","coordinates":[\(Self.square)]}},
              {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[30,30],[31,30],[31,31],[30,31],[30,30]]]]}}]}
            """
        let area = try polygon(text)
        #expect(area.partCount == 2)
        #expect(area.contains(lon: 30.5, lat: 30.5) && area.contains(lon: 9, lat: 9))
        #expect(!area.contains(lon: 50, lat: 50))
        let feature = try polygon(#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[\#(Self.square)]}}"#)
        #expect(feature.contains(lon: 2, lat: 8))
    }

    @Test("errors name the file and the problem", arguments: [
        (#"{"type":"Point","coordinates":[1,2]}"#, "holds no Polygon"),
        (#"{"type":"FeatureCollection","features":[]}"#, "holds no Polygon"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}"#, "has 3 positions; a ring needs at least 4"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,"a"],[1,1],[0,0]]]}"#, "is not a [longitude, latitude] pair"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95],[0,0]]]}"#, "out of range"),
        (#"{"type":"Polygon"}"#, "no \"coordinates\""),
        ("not json", "is not valid JSON"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[2,2],[0,0]]]}"#, "has no area"),
    ])
    func errors(_ text: String, expected: String) {
        do {
            _ = try polygon(text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .invalidInput(let message)? = error as? FetchError else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(message.contains("area.geojson"))
            #expect(message.contains(expected), "\(message)")
        }
    }
}
