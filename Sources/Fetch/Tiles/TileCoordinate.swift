import Foundation

/// A Web-Mercator (slippy map) tile address `z/x/y`, and the conversions between tile coordinates
/// and longitude/latitude that vector tile geometry needs.
public struct TileCoordinate: Sendable, Hashable, CustomStringConvertible {
    /// The zoom level Mapillary serves image points at.
    public static let imageZoom = 14
    /// The largest latitude Web Mercator covers.
    static let maxLatitude = 85.0511287798066

    /// Zoom level.
    public var z: Int
    /// Column, from the antimeridian eastwards.
    public var x: Int
    /// Row, from the north edge southwards.
    public var y: Int

    /// Creates an address.
    public init(z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    /// `z/x/y`.
    public var description: String { "\(z)/\(x)/\(y)" }

    /// The tile holding a longitude/latitude at `zoom`.
    /// - Parameter zoom: The zoom level (clamped to 0…30).
    public init(containingLon lon: Double, lat: Double, zoom: Int) {
        let zoom = min(max(zoom, 0), 30)
        let n = Double(1 << zoom)
        let clampedLat = min(max(lat, -Self.maxLatitude), Self.maxLatitude)
        let radians = clampedLat * Double.pi / 180
        let fx = (lon + 180) / 360 * n
        let fy = (1 - log(tan(radians) + 1 / cos(radians)) / Double.pi) / 2 * n
        let limit = (1 << zoom) - 1
        self.init(z: zoom, x: min(max(Int(fx.rounded(.down)), 0), limit), y: min(max(Int(fy.rounded(.down)), 0), limit))
    }

    /// Every tile at `zoom` that intersects `box`, row by row.
    /// - Parameter zoom: The zoom level (clamped to 0…30).
    public static func covering(_ box: BoundingBox, zoom: Int = imageZoom) -> [TileCoordinate] {
        let zoom = min(max(zoom, 0), 30)
        let northWest = TileCoordinate(containingLon: box.minLon, lat: box.maxLat, zoom: zoom)
        let southEast = TileCoordinate(containingLon: box.maxLon, lat: box.minLat, zoom: zoom)
        var tiles: [TileCoordinate] = []
        for y in northWest.y...max(northWest.y, southEast.y) {
            for x in northWest.x...max(northWest.x, southEast.x) { tiles.append(TileCoordinate(z: zoom, x: x, y: y)) }
        }
        return tiles
    }

    /// The longitude/latitude of a point given in this tile's coordinates (`extent` units per side).
    public func location(of point: VectorTilePoint, extent: UInt32) -> (lon: Double, lat: Double) {
        let n = Double(1 << min(max(z, 0), 30))
        let size = Double(max(extent, 1))
        let fx = (Double(x) + Double(point.x) / size) / n
        let fy = (Double(y) + Double(point.y) / size) / n
        let lon = fx * 360 - 180
        let lat = atan(sinh(Double.pi * (1 - 2 * fy))) * 180 / Double.pi
        return (lon, lat)
    }

    /// The tile's box in longitude/latitude.
    public var bounds: BoundingBox {
        let northWest = location(of: VectorTilePoint(x: 0, y: 0), extent: 1)
        let southEast = location(of: VectorTilePoint(x: 1, y: 1), extent: 1)
        return BoundingBox(minLon: northWest.lon, minLat: southEast.lat, maxLon: southEast.lon, maxLat: northWest.lat)
    }
}
