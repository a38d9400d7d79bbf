import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Writes the catalogue as an OGC GeoPackage 1.3 (12-128r18) with SQLite through GRDB.
///
/// - Layer `images`: one Point per record (EPSG:4326, x = longitude, y = latitude, the CSV's values; NULL
///   geometry without a position), every catalogue column with its ``ColumnTypes`` type (`INTEGER`,
///   `REAL`, `BOOLEAN` as 0/1, `DATETIME`, `TEXT`; `id` always `TEXT`), and `photo`, the image file's
///   absolute path, for QGIS's attachment (photo) widget. `filename` and `thumbnail` are relative to the
///   GeoPackage's folder, as in the CSV.
/// - Layer `sequences`: one LineString per sequence through its positioned images in capture order
///   (`captured_at`, then id), with `sequence`, `image_count`, `first_captured_at`, `last_captured_at` and
///   `creator`; NULL geometry for a sequence with fewer than two positioned images.
/// - `gpkg_spatial_ref_sys` (4326, −1, 0), `gpkg_contents` (with each layer's extent),
///   `gpkg_geometry_columns`, and an R-tree spatial index per layer (`gpkg_rtree_index` extension),
///   filled once at write time, with the standard's triggers so GDAL or QGIS keep it current after edits.
/// - Catalogue columns named like ours (`fid`, `geom`, `photo`) or repeating a name case-insensitively get a
///   `_2`, `_3`… suffix.
///
/// The file is written under a temporary name in the destination's folder, fsynced and renamed: it appears
/// only when complete.
public enum GeoPackageExport {
    /// `application_id`: `GPKG`.
    public static let applicationID: Int32 = 0x4750_4B47
    /// `user_version`: GeoPackage 1.3.0.
    public static let userVersion = 10300

    /// Writes `catalog` to `path`.
    /// - Parameters:
    ///   - catalog: The catalogue.
    ///   - root: The dataset folder that record file names are relative to.
    ///   - path: The GeoPackage file (replaced when it exists).
    /// - Returns: What was written (``ExportSummary/sequences`` counts the `sequences` layer's rows).
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or the file cannot be written (the previous
    ///   file, if any, is then untouched).
    @discardableResult
    public static func write(_ catalog: Catalog, root: String, to path: String) throws(CatalogError) -> ExportSummary {
        let destination = PathMath.absolute(path)
        let source = try ExportSource(catalog: catalog, root: root)
        let folder = PathMath.parent(of: destination)
        let name = destination.split(separator: "/").last.map(String.init) ?? "export.gpkg"
        let temporary = PathMath.join(folder, ".\(name).tmp-\(UUID().uuidString.prefix(8))")
        defer {
            unlink(temporary)
            unlink(temporary + "-journal")
        }
        var summary = ExportSummary(format: .gpkg, path: destination, columnTypes: source.types)
        do {
            var configuration = Configuration()
            configuration.label = "mly360.export"
            configuration.prepareDatabase { db in
                // A write-once file: no rollback journal on disk; the whole file is fsynced before the rename.
                try db.execute(sql: "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")
            }
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA application_id = \(applicationID); PRAGMA user_version = \(userVersion)")
                try db.inTransaction {
                    try createMetadata(db)
                    try writeImages(db, source: source, folder: folder, summary: &summary)
                    return .commit
                }
            }
            try queue.close()
        } catch let error as CatalogError {
            throw error
        } catch {
            throw .io(path: destination, message: "the GeoPackage could not be written (\(error))")
        }
        try commit(temporary, to: destination)
        summary.bytes = FileStat.of(destination)?.size ?? 0
        return summary
    }

    /// The catalogue columns' SQL names: unique case-insensitively and never `fid`, `geom` or `photo`.
    static func sqlNames(_ columns: [String]) -> [String] {
        var taken: Set<String> = ["fid", "geom", "photo"]
        return columns.map { column in
            var name = column
            var suffix = 2
            while taken.contains(name.lowercased()) {
                name = "\(column)_\(suffix)"
                suffix += 1
            }
            taken.insert(name.lowercased())
            return name
        }
    }

    /// `"name"` with inner quotes doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func createMetadata(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (
              table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
              scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            """)
        try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", arguments: [
            "WGS 84 geodetic", 4326, "EPSG", 4326,
            #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
        ])
        try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", arguments: [
            "Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system",
        ])
        try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", arguments: [
            "Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system",
        ])
    }

    private static func writeImages(_ db: Database, source: ExportSource, folder: String, summary: inout ExportSummary) throws {
        let names = sqlNames(source.table.columns)
        let types = source.types.types
        let columnSQL = zip(names, types).map { "\(quoted($0)) \($1.geoPackageType)" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE images (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POINT, \(columnSQL), photo TEXT)
            """)
        try createRTree(db, table: "images")
        let insert = try db.makeStatement(sql: """
            INSERT INTO images (geom, \(names.map(quoted).joined(separator: ", ")), photo) \
            VALUES (?, \(Array(repeating: "?", count: names.count).joined(separator: ", ")), ?)
            """)
        let index = try db.makeStatement(sql: "INSERT INTO rtree_images_geom VALUES (?, ?, ?, ?, ?)")
        var points: [(x: Double, y: Double)] = []
        var tracks: [String: SequenceTrack]? = [:]
        try source.forEachRow(relativeTo: folder, tracks: &tracks) { record, values, position throws(CatalogError) in
            do {
                var arguments: [(any DatabaseValueConvertible)?] = []
                arguments.reserveCapacity(values.count + 2)
                arguments.append(position.map { Data(GeoPackageGeometry.point(x: $0.longitude, y: $0.latitude)) })
                for (value, type) in zip(values, types) { arguments.append(databaseValue(value, type: type)) }
                arguments.append(source.imagePath(record))
                try insert.execute(arguments: StatementArguments(arguments))
                if let position {
                    let fid = db.lastInsertedRowID
                    try index.execute(arguments: [fid, position.longitude, position.longitude, position.latitude, position.latitude])
                    points.append((position.longitude, position.latitude))
                    summary.positioned += 1
                }
                summary.features += 1
            } catch {
                throw .io(path: summary.path, message: "image \(record.id) could not be written (\(error))")
            }
        }
        try register(db, table: "images", geometryType: "POINT", description: "Mapillary images (mly360 catalogue)",
                     envelope: GeoPackageGeometry.envelope(points))
        try writeSequences(db, tracks: ExportSource.ordered(tracks ?? [:]), summary: &summary)
    }

    private static func writeSequences(_ db: Database, tracks: [SequenceTrack], summary: inout ExportSummary) throws {
        try db.execute(sql: """
            CREATE TABLE sequences (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom LINESTRING, sequence TEXT NOT NULL,
              image_count INTEGER NOT NULL, first_captured_at DATETIME, last_captured_at DATETIME, creator TEXT)
            """)
        try createRTree(db, table: "sequences")
        let insert = try db.makeStatement(sql: "INSERT INTO sequences (geom, sequence, image_count, first_captured_at, last_captured_at, creator) VALUES (?, ?, ?, ?, ?, ?)")
        let index = try db.makeStatement(sql: "INSERT INTO rtree_sequences_geom VALUES (?, ?, ?, ?, ?)")
        var all: [(x: Double, y: Double)] = []
        for track in tracks {
            let vertices = track.points.map { (x: $0.position.longitude, y: $0.position.latitude) }
            let geometry = track.hasLine ? Data(GeoPackageGeometry.lineString(vertices)) : nil
            try insert.execute(arguments: [
                geometry, track.sequence, track.imageCount, track.firstCapturedAt.map(APIColumns.isoTimestamp),
                track.lastCapturedAt.map(APIColumns.isoTimestamp), track.creator,
            ])
            if track.hasLine, let box = GeoPackageGeometry.envelope(vertices) {
                try index.execute(arguments: [db.lastInsertedRowID, box.minX, box.maxX, box.minY, box.maxY])
                all += vertices
                summary.sequenceLines += 1
            }
            summary.sequences += 1
        }
        try register(db, table: "sequences", geometryType: "LINESTRING",
                     description: "Mapillary sequences in capture order (mly360 catalogue)", envelope: GeoPackageGeometry.envelope(all))
    }

    /// A CSV text as the column's SQL value: NULL when empty, 0/1 for booleans; the text itself when it does
    /// not fit the column's type (SQLite keeps it as it is).
    static func databaseValue(_ text: String, type: ColumnType) -> (any DatabaseValueConvertible)? {
        guard !text.isEmpty else { return nil }
        guard type.accepts(text) else { return text }
        switch type {
        case .integer: return Int64(text)
        case .real: return Double(text)
        case .boolean: return text == "true" ? 1 : 0
        case .dateTime, .string: return text
        }
    }

    private static func register(_ db: Database, table: String, geometryType: String, description: String,
                                 envelope: (minX: Double, maxX: Double, minY: Double, maxY: Double)?) throws {
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
            VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)
            """, arguments: [table, table, description, envelope?.minX, envelope?.minY, envelope?.maxX, envelope?.maxY])
        try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)", arguments: [table, geometryType])
        try db.execute(sql: """
            INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')
            """, arguments: [table])
        try db.execute(sql: rtreeTriggers(table: table))
    }

    private static func createRTree(_ db: Database, table: String) throws {
        try db.execute(sql: "CREATE VIRTUAL TABLE rtree_\(table)_geom USING rtree(id, minx, maxx, miny, maxy)")
    }

    /// The R-tree triggers of the `gpkg_rtree_index` extension (GeoPackage 1.3 Annex F.3), created after the
    /// index is filled (so this writer never fires them): they call the `ST_*` SQL functions the extension
    /// requires of an editing client, which GDAL (and so QGIS) registers.
    static func rtreeTriggers(table t: String) -> String {
        let r = "rtree_\(t)_geom"
        let c = "geom"
        let i = "fid"
        return """
            CREATE TRIGGER \(r)_insert AFTER INSERT ON \(t) WHEN (new.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))); END;
            CREATE TRIGGER \(r)_update1 AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))); END;
            CREATE TRIGGER \(r)_update2 AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            CREATE TRIGGER \(r)_update3 AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id = OLD.\(i);
              INSERT OR REPLACE INTO \(r) VALUES (NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))); END;
            CREATE TRIGGER \(r)_update4 AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
            BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(i), NEW.\(i)); END;
            CREATE TRIGGER \(r)_delete AFTER DELETE ON \(t) WHEN old.\(c) NOT NULL
            BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            """
    }

    /// fsyncs `temporary`, renames it over `destination` and fsyncs the folder.
    private static func commit(_ temporary: String, to destination: String) throws(CatalogError) {
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unwritable(path: temporary, errno: errno) }
        let synced = fsync(fd) == 0 ? 0 : errno
        close(fd)
        guard synced == 0 else { throw .unwritable(path: temporary, errno: synced) }
        guard rename(temporary, destination) == 0 else { throw .unwritable(path: destination, errno: errno) }
        let folder = open(PathMath.parent(of: destination), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}
