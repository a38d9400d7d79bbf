/// An area read from GeoJSON: the union of one or more polygons, each an outer ring with optional holes.
///
/// Accepts a `Polygon`, `MultiPolygon`, `GeometryCollection`, `Feature` or `FeatureCollection`
/// (every polygon part found is kept; points and lines are ignored). Inside-ness uses the even-odd rule
/// over all rings of a polygon, so holes are respected; a point is in the area if it is in any polygon.
public struct GeoPolygon: Sendable {
    /// A ring's vertices as (longitude, latitude), closed (last equals first).
    typealias Ring = [(lon: Double, lat: Double)]

    /// Each polygon as its rings: the outer ring first, then holes.
    let polygons: [[Ring]]

    /// The smallest box holding every vertex.
    public let boundingBox: BoundingBox

    /// The number of polygon parts (a `MultiPolygon` of three gives 3).
    public var partCount: Int { polygons.count }

    /// Parses GeoJSON.
    /// - Parameters:
    ///   - geoJSON: The file's bytes.
    ///   - path: The file's path, used in error messages.
    /// - Throws: ``FetchError/invalidInput(_:)`` naming the file and the problem: not JSON, no polygon
    ///   found, a ring with fewer than 4 positions, a coordinate that is not a number or is out of range.
    public init(geoJSON: [UInt8], path: String) throws(FetchError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(geoJSON)
        } catch {
            let reason: String
            if case .invalidResponse(_, let why) = error { reason = why } else { reason = error.description }
            throw .invalidInput("The polygon file \(path) is not valid JSON: \(reason).")
        }
        var polygons: [[Ring]] = []
        try GeoPolygon.collect(document, path: path, depth: 0, into: &polygons)
        guard !polygons.isEmpty else {
            throw .invalidInput("The polygon file \(path) holds no Polygon or MultiPolygon geometry (expected GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection).")
        }
        self.polygons = polygons
        var box = BoundingBox(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)
        for polygon in polygons {
            for point in polygon[0] {
                box.minLon = min(box.minLon, point.lon)
                box.maxLon = max(box.maxLon, point.lon)
                box.minLat = min(box.minLat, point.lat)
                box.maxLat = max(box.maxLat, point.lat)
            }
        }
        guard box.minLon < box.maxLon, box.minLat < box.maxLat,
            polygons.contains(where: { GeoPolygon.ringArea($0[0]) > 0 })
        else {
            throw .invalidInput("The polygon in \(path) has no area (all its points lie on one line).")
        }
        boundingBox = box
    }

    /// Whether the point is inside the area (in some polygon's outer ring and in none of its holes).
    /// - Parameters:
    ///   - lon: Longitude in degrees.
    ///   - lat: Latitude in degrees.
    public func contains(lon: Double, lat: Double) -> Bool {
        guard boundingBox.contains(lon: lon, lat: lat) else { return false }
        return polygons.contains { polygon in
            var inside = false
            for ring in polygon where GeoPolygon.ringContains(ring, lon: lon, lat: lat) {
                inside.toggle()
            }
            return inside
        }
    }

    /// Whether the area and `box` may overlap: `true` when a box corner is inside the area, a vertex
    /// is inside the box, or an edge crosses the box's edges (exact for simple polygons).
    /// - Parameter box: A box.
    public func intersects(_ box: BoundingBox) -> Bool {
        guard boundingBox.intersects(box) else { return false }
        let corners = [
            (box.minLon, box.minLat), (box.maxLon, box.minLat), (box.maxLon, box.maxLat), (box.minLon, box.maxLat),
        ]
        if corners.contains(where: { contains(lon: $0.0, lat: $0.1) }) { return true }
        for polygon in polygons {
            for ring in polygon {
                if ring.contains(where: { box.contains(lon: $0.lon, lat: $0.lat) }) { return true }
                for index in 0..<(ring.count - 1) {
                    let a = ring[index], b = ring[index + 1]
                    for side in 0..<4 {
                        let c = corners[side], d = corners[(side + 1) % 4]
                        if GeoPolygon.segmentsCross(a.lon, a.lat, b.lon, b.lat, c.0, c.1, d.0, d.1) { return true }
                    }
                }
            }
        }
        return false
    }

    /// The absolute area of a closed ring (shoelace formula), in square degrees.
    static func ringArea(_ ring: Ring) -> Double {
        var twice = 0.0
        for index in 0..<(ring.count - 1) {
            twice += ring[index].lon * ring[index + 1].lat - ring[index + 1].lon * ring[index].lat
        }
        return abs(twice) / 2
    }

    private static func ringContains(_ ring: Ring, lon: Double, lat: Double) -> Bool {
        var inside = false
        var previous = ring[ring.count - 1]
        for point in ring {
            if (point.lat > lat) != (previous.lat > lat) {
                let crossLon = point.lon + (lat - point.lat) * (previous.lon - point.lon) / (previous.lat - point.lat)
                if lon < crossLon { inside.toggle() }
            }
            previous = point
        }
        return inside
    }

    private static func segmentsCross(
        _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
        _ cx: Double, _ cy: Double, _ dx: Double, _ dy: Double
    ) -> Bool {
        func orientation(_ px: Double, _ py: Double, _ qx: Double, _ qy: Double, _ rx: Double, _ ry: Double) -> Double {
            (qx - px) * (ry - py) - (qy - py) * (rx - px)
        }
        let d1 = orientation(cx, cy, dx, dy, ax, ay)
        let d2 = orientation(cx, cy, dx, dy, bx, by)
        let d3 = orientation(ax, ay, bx, by, cx, cy)
        let d4 = orientation(ax, ay, bx, by, dx, dy)
        return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0
    }

    private static func collect(_ value: JSONValue, path: String, depth: Int, into polygons: inout [[Ring]]) throws(FetchError) {
        guard depth < 8, let type = value["type"]?.stringValue else { return }
        switch type {
        case "FeatureCollection":
            for feature in value["features"]?.arrayValue ?? [] {
                try collect(feature, path: path, depth: depth + 1, into: &polygons)
            }
        case "Feature":
            if let geometry = value["geometry"] { try collect(geometry, path: path, depth: depth + 1, into: &polygons) }
        case "GeometryCollection":
            for geometry in value["geometries"]?.arrayValue ?? [] {
                try collect(geometry, path: path, depth: depth + 1, into: &polygons)
            }
        case "Polygon":
            guard let rings = value["coordinates"]?.arrayValue else {
                throw .invalidInput("A Polygon in \(path) has no \"coordinates\" array.")
            }
            polygons.append(try parsePolygon(rings, path: path, label: "Polygon \(polygons.count + 1)"))
        case "MultiPolygon":
            guard let parts = value["coordinates"]?.arrayValue else {
                throw .invalidInput("A MultiPolygon in \(path) has no \"coordinates\" array.")
            }
            for part in parts {
                guard let rings = part.arrayValue else {
                    throw .invalidInput("A MultiPolygon part in \(path) is not an array of rings.")
                }
                polygons.append(try parsePolygon(rings, path: path, label: "polygon part \(polygons.count + 1)"))
            }
        default:
            return
        }
    }

    private static func parsePolygon(_ rings: [JSONValue], path: String, label: String) throws(FetchError) -> [Ring] {
        guard !rings.isEmpty else { throw .invalidInput("The \(label) in \(path) has no rings.") }
        var result: [Ring] = []
        for (ringIndex, ringValue) in rings.enumerated() {
            let ringName = ringIndex == 0 ? "outer ring" : "hole \(ringIndex)"
            guard let positions = ringValue.arrayValue else {
                throw .invalidInput("The \(ringName) of \(label) in \(path) is not an array of positions.")
            }
            var ring: Ring = []
            for (positionIndex, position) in positions.enumerated() {
                guard let lon = position[0]?.doubleValue, let lat = position[1]?.doubleValue else {
                    throw .invalidInput("Position \(positionIndex + 1) of the \(ringName) of \(label) in \(path) is not a [longitude, latitude] pair of numbers: \(FetchError.quoted(position.serialized())).")
                }
                guard (-180.0...180.0).contains(lon), (-90.0...90.0).contains(lat) else {
                    throw .invalidInput("Position \(positionIndex + 1) of the \(ringName) of \(label) in \(path) is out of range (\(lon), \(lat)); GeoJSON is [longitude, latitude].")
                }
                ring.append((lon, lat))
            }
            guard ring.count >= 4 else {
                throw .invalidInput("The \(ringName) of \(label) in \(path) has \(ring.count) position\(ring.count == 1 ? "" : "s"); a ring needs at least 4 (closed, first = last).")
            }
            if let first = ring.first, let last = ring.last, first != last {
                ring.append(first)  // tolerate an unclosed ring by closing it
            }
            result.append(ring)
        }
        return result
    }
}
