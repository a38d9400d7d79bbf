import Fetch
#if canImport(Glibc)
import Glibc
#endif

/// Writes the catalogue as RFC 7946 GeoJSON: one FeatureCollection, one Point feature per record.
///
/// - Geometry: `[longitude, latitude]`, the CSV's own number texts (so exactly the CSV's position, WGS 84, no
///   `crs` member); a record without a position has `"geometry": null` (RFC 7946 §3.2), so the file always
///   holds every record.
/// - Properties: the catalogue's columns (``CatalogTable/columns``) typed by ``ColumnTypes``: integers and
///   reals as JSON numbers, booleans as `true`/`false`, everything else (and every id) as strings, empty
///   values as `null`. `filename` and `thumbnail` are relative to the GeoJSON file's folder.
/// - With `sequences`, one LineString feature per sequence follows the points: its images with a position,
///   in capture order, and the properties `sequence`, `image_count`, `first_captured_at`, `last_captured_at`
///   and `creator` (a sequence with fewer than two positioned images gets `"geometry": null`).
///
/// The file appears only when complete (temporary name, fsync, rename).
public enum GeoJSONExport {
    /// Writes `catalog` to `path`.
    /// - Parameters:
    ///   - catalog: The catalogue.
    ///   - root: The dataset folder that record file names are relative to.
    ///   - path: The GeoJSON file.
    ///   - sequences: Add one LineString feature per sequence.
    /// - Returns: What was written.
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or the file cannot be written (the previous
    ///   file, if any, is then untouched).
    @discardableResult
    public static func write(_ catalog: Catalog, root: String, to path: String, sequences: Bool = false) throws(CatalogError) -> ExportSummary {
        let destination = PathMath.absolute(path)
        let source = try ExportSource(catalog: catalog, root: root)
        let output = try BufferedOutput(path: destination)
        var summary = ExportSummary(format: .geojson, path: destination, columnTypes: source.types)
        let keys = source.table.columns.map { JSONValue.string($0).serialized() }
        let types = source.types.types
        var tracks: [String: SequenceTrack]? = sequences ? [:] : nil
        try output.append(#"{"type":"FeatureCollection","features":["#)
        var first = true
        try source.forEachRow(relativeTo: PathMath.parent(of: destination), tracks: &tracks) { _, values, position throws(CatalogError) in
            var line = first ? "\n" : ",\n"
            first = false
            line += #"{"type":"Feature","geometry":"#
            if let position {
                line += #"{"type":"Point","coordinates":["# + position.longitudeText + "," + position.latitudeText + "]}"
                summary.positioned += 1
            } else {
                line += "null"
            }
            line += #","properties":{"#
            for index in values.indices {
                if index > 0 { line += "," }
                line += keys[index] + ":" + jsonValue(values[index], type: types[index])
            }
            line += "}}"
            try output.append(line)
            summary.features += 1
        }
        if let tracks {
            for track in ExportSource.ordered(tracks) {
                var line = first ? "\n" : ",\n"
                first = false
                line += #"{"type":"Feature","geometry":"#
                if track.hasLine {
                    line += #"{"type":"LineString","coordinates":["#
                        + track.points.map { "[" + $0.position.longitudeText + "," + $0.position.latitudeText + "]" }.joined(separator: ",")
                        + "]}"
                    summary.sequenceLines += 1
                } else {
                    line += "null"
                }
                line += #","properties":{"sequence":"# + JSONValue.string(track.sequence).serialized()
                    + #","image_count":\#(track.imageCount)"#
                    + #","first_captured_at":"# + (track.firstCapturedAt.map { JSONValue.string(APIColumns.isoTimestamp($0)).serialized() } ?? "null")
                    + #","last_captured_at":"# + (track.lastCapturedAt.map { JSONValue.string(APIColumns.isoTimestamp($0)).serialized() } ?? "null")
                    + #","creator":"# + (track.creator.map { JSONValue.string($0).serialized() } ?? "null")
                    + "}}"
                try output.append(line)
                summary.sequences += 1
            }
        }
        try output.append("\n]}\n")
        summary.bytes = try output.commit()
        return summary
    }

    /// One property value: `null` when empty, a JSON number or boolean verbatim, a string otherwise (also a
    /// value that does not fit its column's type, e.g. of a record added while the export ran).
    static func jsonValue(_ text: String, type: ColumnType) -> String {
        if text.isEmpty { return "null" }
        switch type {
        case .integer, .real, .boolean: return type.accepts(text) ? text : JSONValue.string(text).serialized()
        case .dateTime, .string: return JSONValue.string(text).serialized()
        }
    }
}
