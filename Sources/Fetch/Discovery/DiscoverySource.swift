/// Where discovery looks for images: exactly one source per run.
public enum DiscoverySource: Sendable {
    /// Every image in a longitude/latitude box (`--bbox W,S,E,N`).
    case bbox(BoundingBox)
    /// Every image in any of these boxes: a `--bbox` across the antimeridian, split at ±180
    /// (see ``BoundingBox/parsingAreas(_:)``).
    case boxes([BoundingBox])
    /// Every image inside a GeoJSON area, holes excluded (`--polygon FILE`).
    case polygon(GeoPolygon)
    /// Every image of these sequence keys (`--sequence KEY,…`).
    case sequences([String])
    /// These image ids (`--image ID,…`).
    case images([String])
    /// Every image uploaded by this username (`--creator NAME`).
    case creator(String)
}
