import Foundation

/// A WGS84 bounding box in degrees, longitude first, as Mapillary's `bbox` parameter orders it.
public struct SimBox: Sendable, Equatable, CustomStringConvertible {
    /// West edge (minimum longitude).
    public var minLon: Double
    /// South edge (minimum latitude).
    public var minLat: Double
    /// East edge (maximum longitude).
    public var maxLon: Double
    /// North edge (maximum latitude).
    public var maxLat: Double

    /// Creates a box from its west, south, east and north edges.
    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// Whether the point lies inside the box, edges included.
    public func contains(lon: Double, lat: Double) -> Bool {
        lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
    }

    /// Area in square degrees (the unit of Mapillary's 0.01 deg² limit).
    public var area: Double { (maxLon - minLon) * (maxLat - minLat) }

    /// The box grown by `margin` degrees on every side.
    public func expanded(by margin: Double) -> SimBox {
        SimBox(minLon: minLon - margin, minLat: minLat - margin, maxLon: maxLon + margin, maxLat: maxLat + margin)
    }

    /// `W,S,E,N`, the form of the `bbox` query parameter.
    public var description: String { "\(minLon),\(minLat),\(maxLon),\(maxLat)" }

    /// Parses `W,S,E,N`; nil unless there are exactly four finite numbers within ±180/±90 with min < max.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var values: [Double] = []
        for part in parts {
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
            values.append(value)
        }
        let box = SimBox(minLon: values[0], minLat: values[1], maxLon: values[2], maxLat: values[3])
        guard (-180...180).contains(box.minLon), (-180...180).contains(box.maxLon),
              (-90...90).contains(box.minLat), (-90...90).contains(box.maxLat),
              box.minLon < box.maxLon, box.minLat < box.maxLat else { return nil }
        self = box
    }
}
