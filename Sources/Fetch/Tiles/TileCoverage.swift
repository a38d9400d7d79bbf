/// What one coverage tile says about an area: the sequence keys to expand and the 360° images it
/// places inside the area (for `mly360 plan`).
///
/// Tile image ids are protobuf doubles, so an id above 2^53 may name another, real image
/// (26774514888887982 reads as 26774514888887984): ids are never taken from a tile. Discovery takes
/// the sequence key from the tile and the exact ids from `/image_ids`; the image keys here only
/// count and deduplicate (an untrusted id is qualified by its sequence).
public struct TileCoverage: Sendable {
    /// Sequence keys of kept images near the area (valid keys only, in order of first appearance).
    public var sequences: [String]
    /// Keys of kept images inside the area: the exact id when the tile can carry it, else
    /// `sequence~rounded id`.
    public var imageKeys: [String]
    /// Every kept image in the tile, wherever it lies, with its sequence.
    public var presentKeys: [(key: String, sequence: String)]
    /// Features skipped because they lacked a valid sequence key.
    public var invalid: Int

    /// Creates a coverage.
    public init(sequences: [String] = [], imageKeys: [String] = [], presentKeys: [(key: String, sequence: String)] = [], invalid: Int = 0) {
        self.presentKeys = presentKeys
        self.sequences = sequences
        self.imageKeys = imageKeys
        self.invalid = invalid
    }

    /// Reads the `image` and `sequence` layers of a decoded tile.
    /// - Parameters:
    ///   - tile: The decoded tile.
    ///   - coordinate: Its address (to turn tile coordinates into longitude/latitude).
    ///   - includeFlat: Keep non-360° images and sequences too (else `is_pano` must be true).
    ///   - near: Whether a position is near enough the area for its sequence to be expanded.
    ///   - inside: Whether a position is inside the area (for the image count).
    public static func read(_ tile: VectorTile, at coordinate: TileCoordinate, includeFlat: Bool,
                            near: (Double, Double) -> Bool, inside: (Double, Double) -> Bool) -> TileCoverage {
        var coverage = TileCoverage()
        var seen = Set<String>()
        func keep(_ properties: [String: VectorTileValue]) -> Bool {
            includeFlat || properties["is_pano"]?.boolValue == true
        }
        func add(_ sequence: String) {
            if seen.insert(sequence).inserted { coverage.sequences.append(sequence) }
        }
        if let layer = tile.layer("image") {
            for feature in layer.features where keep(feature.properties) {
                guard let sequence = feature.properties["sequence_id"]?.stringValue, GraphClient.isValidSequenceKey(sequence) else {
                    coverage.invalid += 1
                    continue
                }
                let key = imageKey(feature, sequence: sequence)
                coverage.presentKeys.append((key, sequence))
                for point in feature.parts.joined() {
                    let (lon, lat) = coordinate.location(of: point, extent: layer.extent)
                    if near(lon, lat) { add(sequence) }
                    if inside(lon, lat) { coverage.imageKeys.append(key) }
                }
            }
        }
        if let layer = tile.layer("sequence") {
            for feature in layer.features where keep(feature.properties) {
                guard let sequence = feature.properties["id"]?.stringValue, GraphClient.isValidSequenceKey(sequence) else {
                    coverage.invalid += 1
                    continue
                }
                let touches = feature.parts.joined().contains { point in
                    let (lon, lat) = coordinate.location(of: point, extent: layer.extent)
                    return near(lon, lat)
                }
                if touches { add(sequence) }
            }
        }
        return coverage
    }

    /// The counting key of an image feature: its exact id, or `sequence~id` when the id is not exact.
    static func imageKey(_ feature: VectorTileFeature, sequence: String) -> String {
        let value = feature.properties["id"] ?? feature.id.map { .uint($0) }
        if let exact = value?.exactInteger { return String(exact) }
        let approximate = value?.doubleValue.flatMap { $0.isFinite && $0 >= 0 && $0 < 1.8e19 ? String(UInt64($0)) : nil } ?? "?"
        return sequence + "~" + approximate
    }
}
