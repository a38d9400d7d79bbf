import Foundation

/// A longitude/latitude rectangle in WGS84 degrees, written `W,S,E,N` (`minLon,minLat,maxLon,maxLat`),
/// the order of the Graph API's `bbox` parameter.
///
/// A box cannot cross the antimeridian: `minLon < maxLon` always holds. A `W,S,E,N` text with W > 0 > E
/// that crosses it is split in two by ``parsingAreas(_:)``.
public struct BoundingBox: Sendable, Equatable, CustomStringConvertible {
    /// The western edge (minimum longitude).
    public var minLon: Double
    /// The southern edge (minimum latitude).
    public var minLat: Double
    /// The eastern edge (maximum longitude).
    public var maxLon: Double
    /// The northern edge (maximum latitude).
    public var maxLat: Double

    /// Creates a box from its edges without validation (internal callers build boxes from valid ones).
    /// - Parameters:
    ///   - minLon: West.
    ///   - minLat: South.
    ///   - maxLon: East.
    ///   - maxLat: North.
    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// Parses and validates `W,S,E,N`, for example `-102.4486,44.0658,-102.4386,44.0758`.
    /// - Parameter text: Four comma-separated decimal degrees (spaces allowed).
    /// - Throws: ``FetchError/invalidInput(_:)`` with a hint: wrong count, a value that is not a finite
    ///   number, a value out of range, a box that looks like `lat,lon` order, `min ≥ max`, or an
    ///   antimeridian-crossing box.
    public init(parsing text: String) throws(FetchError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 4 else {
            throw .invalidInput("The bounding box \(FetchError.quoted(text, limit: 80)) has \(parts.count) value\(parts.count == 1 ? "" : "s"); expected four: W,S,E,N (minLon,minLat,maxLon,maxLat).")
        }
        var values: [Double] = []
        for (part, name) in zip(parts, ["W (min longitude)", "S (min latitude)", "E (max longitude)", "N (max latitude)"]) {
            guard let value = Double(part), value.isFinite else {
                throw .invalidInput("The bounding box value \(name) \(FetchError.quoted(part)) is not a finite decimal number; expected W,S,E,N in degrees.")
            }
            values.append(value)
        }
        let (west, south, east, north) = (values[0], values[1], values[2], values[3])
        let latitudesInRange = (-90.0...90.0).contains(south) && (-90.0...90.0).contains(north)
        let swappedFits = (-90.0...90.0).contains(west) && (-90.0...90.0).contains(east)
            && (-180.0...180.0).contains(south) && (-180.0...180.0).contains(north)
        if !latitudesInRange && swappedFits {
            throw .invalidInput("The bounding box \(text) looks like lat,lon — use lon,lat (W,S,E,N), e.g. \(south),\(west),\(north),\(east).")
        }
        for (value, name) in [(west, "W"), (east, "E")] where !(-180.0...180.0).contains(value) {
            throw .invalidInput("The bounding box longitude \(name)=\(value) is outside -180…180.")
        }
        for (value, name) in [(south, "S"), (north, "N")] where !(-90.0...90.0).contains(value) {
            throw .invalidInput("The bounding box latitude \(name)=\(value) is outside -90…90.")
        }
        if west >= east {
            if west > 0 && east < 0 && west - east > 180 {
                throw .invalidInput("The bounding box \(text) would cross the antimeridian (W > E); a box cannot wrap. Split it at ±180 into \(west),\(south),180,\(north) and -180,\(south),\(east),\(north).")
            }
            throw .invalidInput("The bounding box \(text) has W (\(west)) ≥ E (\(east)); expected W,S,E,N with W < E.")
        }
        if south >= north {
            throw .invalidInput("The bounding box \(text) has S (\(south)) ≥ N (\(north)); expected W,S,E,N with S < N.")
        }
        self.init(minLon: west, minLat: south, maxLon: east, maxLat: north)
    }

    /// Parses `W,S,E,N` like ``init(parsing:)``, except that a box across the antimeridian (W > E with
    /// W > 0 > E) is split into two boxes at ±180: `W,S,180,N` and `-180,S,E,N`.
    /// - Parameter text: Four comma-separated decimal degrees.
    /// - Returns: One box, or two for a box across the antimeridian.
    /// - Throws: ``FetchError/invalidInput(_:)`` as ``init(parsing:)`` does for every other invalid box.
    public static func parsingAreas(_ text: String) throws(FetchError) -> [BoundingBox] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 4, let west = Double(parts[0]), let east = Double(parts[2]), west.isFinite, east.isFinite,
           west > 0, east < 0, west <= 180, east >= -180 {
            let eastern = try BoundingBox(parsing: "\(parts[0]),\(parts[1]),180,\(parts[3])")
            let western = try BoundingBox(parsing: "-180,\(parts[1]),\(parts[2]),\(parts[3])")
            return [eastern, western]
        }
        return [try BoundingBox(parsing: text)]
    }

    /// The area in square degrees (the unit of the API's `< 0.01 deg²` limit).
    public var area: Double { (maxLon - minLon) * (maxLat - minLat) }

    /// The width in degrees of longitude.
    public var width: Double { maxLon - minLon }

    /// The height in degrees of latitude.
    public var height: Double { maxLat - minLat }

    /// The four quarters of the box: south-west, south-east, north-west, north-east.
    public func quadrants() -> [BoundingBox] {
        let midLon = (minLon + maxLon) / 2
        let midLat = (minLat + maxLat) / 2
        return [
            BoundingBox(minLon: minLon, minLat: minLat, maxLon: midLon, maxLat: midLat),
            BoundingBox(minLon: midLon, minLat: minLat, maxLon: maxLon, maxLat: midLat),
            BoundingBox(minLon: minLon, minLat: midLat, maxLon: midLon, maxLat: maxLat),
            BoundingBox(minLon: midLon, minLat: midLat, maxLon: maxLon, maxLat: maxLat),
        ]
    }

    /// The box grown by `margin` degrees on every side, clamped to the valid longitude/latitude range.
    /// - Parameter margin: Degrees to add on each side.
    public func padded(by margin: Double) -> BoundingBox {
        BoundingBox(
            minLon: max(-180, minLon - margin), minLat: max(-90, minLat - margin),
            maxLon: min(180, maxLon + margin), maxLat: min(90, maxLat + margin))
    }

    /// Whether the two boxes share any point (touching edges count).
    /// - Parameter other: Another box.
    public func intersects(_ other: BoundingBox) -> Bool {
        minLon <= other.maxLon && other.minLon <= maxLon && minLat <= other.maxLat && other.minLat <= maxLat
    }

    /// The overlap of the two boxes, or `nil` when they do not overlap with a positive area.
    /// - Parameter other: Another box.
    public func intersection(_ other: BoundingBox) -> BoundingBox? {
        let box = BoundingBox(
            minLon: max(minLon, other.minLon), minLat: max(minLat, other.minLat),
            maxLon: min(maxLon, other.maxLon), maxLat: min(maxLat, other.maxLat))
        return box.minLon < box.maxLon && box.minLat < box.maxLat ? box : nil
    }

    /// Whether the point lies inside the box or on its edge.
    /// - Parameters:
    ///   - lon: Longitude in degrees.
    ///   - lat: Latitude in degrees.
    public func contains(lon: Double, lat: Double) -> Bool {
        lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
    }

    /// The `bbox` query value `minLon,minLat,maxLon,maxLat` with up to 7 decimals (about 1 cm).
    public var parameter: String {
        [minLon, minLat, maxLon, maxLat].map(BoundingBox.format).joined(separator: ",")
    }

    /// The same as ``parameter``.
    public var description: String { parameter }

    static func format(_ value: Double) -> String {
        var text = String(format: "%.7f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text == "-0" { text = "0" }
        return text
    }
}
