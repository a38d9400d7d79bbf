/// The file formats of `mly360 export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 7946 GeoJSON: a FeatureCollection of Points (and, on request, one LineString per sequence).
    case geojson
    /// OGC GeoPackage 1.3: layers `images` (Points) and `sequences` (LineStrings), with R-tree indexes.
    case gpkg
    /// The catalogue's CSV with a `.csvt` sidecar naming GDAL's column types.
    case csv

    /// The file name written inside the dataset folder when no path is given.
    public var defaultFileName: String {
        switch self {
        case .geojson: "mapillary_images.geojson"
        case .gpkg: "mapillary_images.gpkg"
        case .csv: CatalogCSV.fileName
        }
    }

    /// The format a file name's extension names (`.geojson`/`.json`, `.gpkg`, `.csv`), nil for others.
    public init?(pathExtensionOf path: String) {
        let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if name.hasSuffix(".geojson") || name.hasSuffix(".json") {
            self = .geojson
        } else if name.hasSuffix(".gpkg") {
            self = .gpkg
        } else if name.hasSuffix(".csv") {
            self = .csv
        } else {
            return nil
        }
    }
}
