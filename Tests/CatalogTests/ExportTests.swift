@testable import Catalog
import Fetch
import Foundation
import GRDB
import Testing

/// The GDAL command-line tools (`gdal-bin`, installed by `make setup`), run on real export files.
enum GDAL {
    /// `ogrinfo`'s path, nil when GDAL is not installed.
    static let ogrinfo = locate("ogrinfo")
    /// `ogr2ogr`'s path.
    static let ogr2ogr = locate("ogr2ogr")
    /// Whether both tools are present.
    static var available: Bool { ogrinfo != nil && ogr2ogr != nil }

    static func locate(_ name: String) -> String? {
        for folder in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        return nil
    }

    /// Runs `tool` with `arguments`; stdout and stderr go through files (no pipe can fill up).
    static func run(_ tool: String?, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let tool = try #require(tool)
        let folder = try CatalogFixtures.temporaryDirectory("gdal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/err"))
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: folder + "/out", encoding: .utf8),
                try String(contentsOfFile: folder + "/err", encoding: .utf8))
    }

    /// `ogrinfo -so` of one layer: feature count, geometry type and field types (`id` → `String`…).
    static func summary(_ path: String, layer: String?, options: [String] = []) throws -> (count: Int, geometry: String, fields: [String: String], stderr: String) {
        let result = try run(ogrinfo, ["-ro", "-so"] + options + [path] + (layer.map { [$0] } ?? ["-al"]))
        #expect(result.status == 0, "ogrinfo: \(result.stderr)")
        var count = -1
        var geometry = ""
        var fields: [String: String] = [:]
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Feature Count: ") { count = Int(line.dropFirst(15)) ?? -1 }
            if line.hasPrefix("Geometry: ") { geometry = String(line.dropFirst(10)) }
            // "id: String (0.0)", "blurry: Integer(Boolean) (0.0)", "image_count: Integer64 (0.0) NOT NULL"
            if let colon = line.range(of: ": "), !line.hasPrefix(" "),
               let space = line[colon.upperBound...].firstIndex(of: " "), line[space...].hasPrefix(" (") {
                fields[String(line[..<colon.lowerBound])] = String(line[colon.upperBound..<space])
            }
        }
        return (count, geometry, fields, result.stderr)
    }

    /// The features of a layer as GDAL reads them: `ogr2ogr` copies the layer into a new GeoPackage (GDAL's
    /// own writer, binary doubles, so nothing is lost in a text round trip), whose rows are read back here.
    /// Each feature: its attributes (as GDAL stored them) and its vertices (nil for a null geometry).
    static func features(_ path: String, layer: String?, options: [String] = []) throws -> [Feature] {
        let folder = try CatalogFixtures.temporaryDirectory("gdalcopy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/copy.gpkg"
        let result = try run(ogr2ogr, ["-f", "GPKG", copy] + options + [path] + (layer.map { [$0] } ?? []) + ["-nln", "copy"])
        #expect(result.status == 0, "ogr2ogr: \(result.stderr)")
        let db = try DatabaseQueue(path: copy)
        defer { try? db.close() }
        return try db.read { db in
            let geometryColumn = try String.fetchOne(db, sql: "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'copy'") ?? "geom"
            return try Row.fetchAll(db, sql: "SELECT * FROM copy ORDER BY fid").map { row in
                var attributes: [String: DatabaseValue] = [:]
                for (name, value) in row where name != geometryColumn && name != "fid" { attributes[name] = value }
                let blob: Data? = row[geometryColumn]
                return Feature(attributes: attributes, vertices: blob.flatMap { vertices(Array($0)) })
            }
        }
    }

    /// One feature read back through GDAL.
    struct Feature {
        var attributes: [String: DatabaseValue]
        var vertices: [[Double]]?
        var id: String? { attributes["id"].flatMap { String.fromDatabaseValue($0) } }
        /// Whether `name` was stored as text (an id kept intact).
        func isText(_ name: String) -> Bool {
            if case .string = attributes[name]?.storage { return true }
            return false
        }
    }

    /// The vertices of a GeoPackage geometry blob (Point or LineString, either byte order).
    static func vertices(_ bytes: [UInt8]) -> [[Double]]? {
        guard bytes.count >= 8, bytes[0] == 0x47, bytes[1] == 0x50, bytes[3] & 0x10 == 0 else { return nil }
        var offset = 8 + [0, 32, 48, 48, 64][Int((bytes[3] >> 1) & 7)]
        guard offset < bytes.count else { return nil }
        let little = bytes[offset] == 1
        offset += 1
        func word() -> UInt32 {
            let slice = bytes[offset..<offset + 4]
            offset += 4
            return little ? slice.reversed().reduce(0) { $0 << 8 | UInt32($1) } : slice.reduce(0) { $0 << 8 | UInt32($1) }
        }
        func double() -> Double {
            let slice = bytes[offset..<offset + 8]
            offset += 8
            return Double(bitPattern: little ? slice.reversed().reduce(0) { $0 << 8 | UInt64($1) } : slice.reduce(0) { $0 << 8 | UInt64($1) })
        }
        switch word() % 1000 {
        case 1: return [[double(), double()]]
        case 2: return (0..<Int(word())).map { _ in [double(), double()] }
        default: return nil
        }
    }
}

@Suite("GIS exports (GeoJSON, GeoPackage, CSV + csvt), read back with GDAL")
struct ExportTests {
    /// Ids above 2^53: 26774514888887982 and …983 are the same double, so only text keeps them apart.
    static let bigA1 = "26774514888887982"
    static let bigA2 = "26774514888887983"
    static let bigA3 = "26774514888887986"

    static func record(_ id: String, sequence: String, at seconds: Int, lon: String?, lat: String?) -> String {
        let geometry = lon.map { #","computed_geometry":{"type":"Point","coordinates":[\#($0),\#(lat ?? "0")]}"# } ?? ""
        return #"{"id":"\#(id)","sequence":"\#(sequence)","captured_at":\#(1_630_000_000_000 + seconds * 1000),"is_pano":true,"#
            + #""camera_type":"spherical","width":5760,"height":2880,"merge_cc":988066229627404,"quality_score":0.87,"#
            + #""creator":{"username":"alice","id":"102675148533957"}\#(geometry)}"#
    }

    /// A checked catalogue: seqA has three positioned images captured in another order than their ids
    /// (A2, A1, A3), seqB one positioned and one unpositioned image; two images have files (checked, with
    /// thumbnails), plus a local panorama with no API record at all.
    static func dataset() async throws -> String {
        let folder = try CatalogFixtures.temporaryDirectory()
        let catalog = try Catalog(folder: folder)
        let texts = [
            record(bigA1, sequence: "seqA", at: 2, lon: "13.4000040", lat: "52.5164973"),
            record(bigA2, sequence: "seqA", at: 1, lon: "13.400012345678901", lat: "52.516512345678912"),
            record(bigA3, sequence: "seqA", at: 3, lon: "-0.000001", lat: "52.5166"),
            record("4000000000000001", sequence: "seqB", at: 10, lon: "2.35", lat: "48.85"),
            record("5000000000000002", sequence: "seqB", at: 11, lon: nil, lat: nil),
        ]
        try catalog.storeImages(try texts.map { try MapillaryImage(json: try JSONParser.parse(Array($0.utf8)), raw: $0) })
        try CatalogFixtures.write(try CatalogFixtures.panorama(seed: 1), to: folder, as: "\(bigA1).jpg")
        try CatalogFixtures.write(try CatalogFixtures.panorama(seed: 40), to: folder, as: "\(bigA2).jpg")
        try CatalogFixtures.write(try CatalogFixtures.panorama(seed: 90), to: folder, as: "local/pano.jpg")
        try await CatalogFixtures.check(folder)
        return folder
    }

    /// The CSV's rows by id.
    static func csvRows(_ folder: String) throws -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: try CatalogFixtures.table(CatalogCSV.path(in: folder)).rows.map { ($0["id"] ?? "", $0) })
    }

    @Test("column types: ids and id-like columns are text, integers within 2^53, reals, booleans, ISO times; odd text stays text")
    func columnTypes() {
        let columns = ["id", "sequence", "n", "x", "flag", "when", "zip", "weird", "big", "empty", "creator.id", "mixed"]
        let rows = [
            ["1", "123", "5", "1.5", "true", "2021-08-28T10:20:36.000Z", "007", "NaN", "9007199254740993", "", "1", "1"],
            ["2", "456", "-12", "2", "false", "2021-08-28T10:20:37Z", "010", "inf", "1", "", "2", "x"],
            ["3", "", "", "", "", "", "", "", "", "", "", ""],
        ]
        let types = ColumnTypes(columns: columns, rows: rows)
        #expect(types.types == [.string, .string, .integer, .real, .boolean, .dateTime, .string, .string, .string, .string, .string, .string])
        #expect(types.csvt == #""String","String","Integer64","Real","Integer(Boolean)","DateTime","String","String","String","String","String","String""# + "\r\n")
        #expect(ColumnType.isJSONNumber("1.0E+2") && ColumnType.isJSONNumber("-0.5") && !ColumnType.isJSONNumber("1.")
                && !ColumnType.isJSONNumber("+1") && !ColumnType.isJSONNumber("0x10") && !ColumnType.isJSONNumber(".5"))
        #expect(!ColumnType.isISOTimestamp("2021-13-28T10:20:36.000Z") && !ColumnType.isISOTimestamp("2021:08:28 10:20:36"))
        #expect(ExportPosition(longitude: "181", latitude: "0") == nil && ExportPosition(longitude: "1,5", latitude: "2") == nil)
        #expect(GeoPackageExport.sqlNames(["id", "ID", "photo", "fid", "geom", "Photo"]) == ["id", "ID_2", "photo_2", "fid_2", "geom_2", "Photo_3"])
        #expect(GeoJSONExport.jsonValue("12", type: .integer) == "12" && GeoJSONExport.jsonValue("1x", type: .integer) == #""1x""#
                && GeoJSONExport.jsonValue("", type: .string) == "null" && GeoJSONExport.jsonValue("a\"b", type: .string) == #""a\"b""#)
        #expect(GeoPackageExport.databaseValue("abc", type: .real) as? String == "abc" && GeoPackageExport.databaseValue("true", type: .boolean) as? Int == 1)
        #expect(CSVExport.sidecarPath(for: "/a/b.csv") == "/a/b.csvt" && CSVExport.sidecarPath(for: "/a.d/b") == "/a.d/b.csvt")
    }

    @Test("GeoJSON: one Point per record at the CSV's exact position, typed properties, ids as strings, null geometry without a position, sequence lines in capture order")
    func geoJSON() async throws {
        let folder = try await Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try Self.csvRows(folder)
        let path = folder + "/exports/all.geojson"
        try FileManager.default.createDirectory(atPath: folder + "/exports", withIntermediateDirectories: true)
        let summary = try GeoJSONExport.write(try Catalog(folder: folder), root: folder, to: path, sequences: true)
        #expect(summary.features == 6 && summary.positioned == 4 && summary.sequences == 2 && summary.sequenceLines == 1)
        #expect(summary.bytes == Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))

        // Our own parser keeps number literals: the coordinates are the CSV's texts, character for character.
        let root = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        guard case .array(let features)? = root["features"] else { Issue.record("no features"); return }
        #expect(root["type"] == .string("FeatureCollection") && root["crs"] == nil)
        #expect(features.count == 8)
        var seen: Set<String> = []
        for feature in features.prefix(6) {
            guard case .string(let id)? = feature["properties"]?["id"], let row = csv[id] else { Issue.record("id not a string"); continue }
            seen.insert(id)
            if row["longitude"]!.isEmpty {
                #expect(feature["geometry"] == .null)
            } else {
                #expect(feature["geometry"]?["type"] == .string("Point"))
                #expect(feature["geometry"]?["coordinates"] == .array([.number(row["longitude"]!), .number(row["latitude"]!)]))
            }
            if id == Self.bigA1 {
                #expect(feature["properties"]?["width"] == .number("5760"))
                #expect(feature["properties"]?["file_size"] == .number(row["file_size"]!))
                #expect(feature["properties"]?["is_pano"] == .bool(true))
                #expect(feature["properties"]?["blurry"] == .bool(row["blurry"] == "true"))
                #expect(feature["properties"]?["merge_cc"] == .string("988066229627404"))
                #expect(feature["properties"]?["creator.id"] == .string("102675148533957"))
                #expect(feature["properties"]?["filename"] == .string("../\(Self.bigA1).jpg"))
                #expect(feature["properties"]?["thumbnail"] == .string("../" + row["thumbnail"]!))
                #expect(feature["properties"]?["download_error"] == .null)
            }
        }
        #expect(seen == Set(csv.keys), "every CSV row is one feature")
        let line = features[6]
        #expect(line["properties"]?["sequence"] == .string("seqA") && line["properties"]?["image_count"] == .number("3"))
        #expect(line["geometry"]?["coordinates"] == .array([Self.bigA2, Self.bigA1, Self.bigA3].map {
            .array([.number(csv[$0]!["longitude"]!), .number(csv[$0]!["latitude"]!)])
        }), "seqA in capture order: A2, A1, A3")
        #expect(line["properties"]?["first_captured_at"] == .string("2021-08-26T17:46:41.000Z"))
        #expect(line["properties"]?["creator"] == .string("alice"))
        #expect(features[7]["geometry"] == .null && features[7]["properties"]?["image_count"] == .number("2"), "seqB has one position")

        // Without --sequences: points only; an unwritable destination leaves nothing behind.
        #expect(try GeoJSONExport.write(try Catalog(folder: folder), root: folder, to: path).sequences == 0)
        #expect(throws: CatalogError.self) { try GeoJSONExport.write(try Catalog(folder: folder), root: folder, to: folder + "/missing/x.geojson") }
    }

    @Test("GeoJSON read by Python's json: RFC 7946 basics (no crs, [lon, lat], string ids)", .enabled(if: GDAL.locate("python3") != nil))
    func geoJSONPython() async throws {
        let folder = try await Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mapillary_images.geojson"
        try GeoJSONExport.write(try Catalog(folder: folder), root: folder, to: path, sequences: true)
        let script = """
            import json, sys
            d = json.load(open(sys.argv[1]))
            assert d["type"] == "FeatureCollection" and "crs" not in d, "type/crs"
            pts = [f for f in d["features"] if f["geometry"] and f["geometry"]["type"] == "Point"]
            for f in pts:
                lon, lat = f["geometry"]["coordinates"]
                assert -180 <= lon <= 180 and -90 <= lat <= 90 and lat > 40, (lon, lat)
                assert isinstance(f["properties"]["id"], str)
                assert float(f["properties"]["longitude"]) == lon and float(f["properties"]["latitude"]) == lat
            ids = [f["properties"].get("id") for f in d["features"] if f["properties"].get("id")]
            print(len(d["features"]), len(pts), len(set(ids)))
            """
        let result = try GDAL.run(GDAL.locate("python3"), ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "8 4 6")
    }

    @Test("GeoJSON read back with GDAL: counts, id as String, coordinates exact", .enabled(if: GDAL.available))
    func geoJSONWithGDAL() async throws {
        let folder = try await Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try Self.csvRows(folder)
        let path = folder + "/mapillary_images.geojson"
        try GeoJSONExport.write(try Catalog(folder: folder), root: folder, to: path)
        let info = try GDAL.summary(path, layer: nil)
        #expect(info.count == 6)
        #expect(info.fields["id"] == "String" && info.fields["sequence"] == "String" && info.fields["merge_cc"] == "String")
        #expect(info.fields["width"] == "Integer" && info.fields["quality_score"] == "Real" && info.fields["is_pano"] == "Integer(Boolean)")
        let features = try GDAL.features(path, layer: nil)
        try Self.expectExact(features, csv: csv)
    }

    @Test("GeoPackage: images and sequences layers as GDAL reads them, typed columns, exact points, lines in capture order, R-tree, photo field", .enabled(if: GDAL.available))
    func geoPackage() async throws {
        let folder = try await Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try Self.csvRows(folder)
        let path = folder + "/mapillary_images.gpkg"
        let summary = try GeoPackageExport.write(try Catalog(folder: folder), root: folder, to: path)
        #expect(summary.features == 6 && summary.positioned == 4 && summary.sequences == 2 && summary.sequenceLines == 1)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.contains(".tmp-") }), "no temporary file left")

        let images = try GDAL.summary(path, layer: "images")
        #expect(images.count == 6 && images.geometry == "Point")
        #expect(!images.stderr.contains("Warning") && !images.stderr.contains("ERROR"), "\(images.stderr)")
        #expect(images.fields["id"] == "String" && images.fields["photo"] == "String" && images.fields["sequence"] == "String")
        #expect(images.fields["file_size"] == "Integer64" && images.fields["quality_score"] == "Real")
        #expect(images.fields["is_pano"] == "Integer(Boolean)" && images.fields["captured_at"] == "DateTime")
        let sequences = try GDAL.summary(path, layer: "sequences")
        #expect(sequences.count == 2 && sequences.geometry == "Line String")
        #expect(sequences.fields["image_count"] == "Integer64" && sequences.fields["first_captured_at"] == "DateTime")

        let features = try GDAL.features(path, layer: "images")
        try Self.expectExact(features, csv: csv)
        let photo = features.first { $0.id == Self.bigA1 }?.attributes["photo"].flatMap { String.fromDatabaseValue($0) }
        #expect(photo == PathMath.absolute(folder) + "/\(Self.bigA1).jpg")
        let lines = try GDAL.features(path, layer: "sequences")
        let seqA = try #require(lines.first { $0.attributes["sequence"] == "seqA".databaseValue })
        let coordinates = try #require(seqA.vertices)
        #expect(coordinates == [Self.bigA2, Self.bigA1, Self.bigA3].map { [Double(csv[$0]!["longitude"]!)!, Double(csv[$0]!["latitude"]!)!] })
        #expect(seqA.attributes["creator"] == "alice".databaseValue && seqA.attributes["image_count"] == 3.databaseValue)
        #expect(lines.first { $0.attributes["sequence"] == "seqB".databaseValue }?.vertices == nil, "seqB: one position, no line")

        // The spatial index answers a bounding-box query (GDAL uses the R-tree for -spat).
        let berlin = try GDAL.summary(path, layer: "images", options: ["-spat", "13.3", "52.4", "13.5", "52.6"])
        #expect(berlin.count == 2)
        let db = try DatabaseQueue(path: path)
        try await db.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA application_id") == 0x4750_4B47)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 10300)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_images_geom") == 4)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (4326, -1, 0)") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM images WHERE geom IS NULL") == 2)
            let blob = try #require(try Data.fetchOne(db, sql: "SELECT geom FROM images WHERE id = ?", arguments: [Self.bigA1]))
            #expect(Array(blob.prefix(8)) == [0x47, 0x50, 0, 1, 0xE6, 0x10, 0, 0], "GP, version 0, little-endian, no envelope, srs 4326")
            #expect(blob.count == 8 + 21)
        }
        try db.close()
    }

    @Test("CSV + csvt: GDAL reads ids above 2^53 as intact strings and the position exactly", .enabled(if: GDAL.available))
    func csvWithSidecar() async throws {
        let folder = try await Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try Self.csvRows(folder)
        let path = folder + "/out/images.csv"
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        let summary = try CSVExport.write(try Catalog(folder: folder), root: folder, to: path)
        #expect(summary.features == 6 && summary.positioned == 4 && summary.sidecarPath == folder + "/out/images.csvt")
        let sidecar = try String(contentsOfFile: folder + "/out/images.csvt", encoding: .utf8)
        #expect(sidecar.hasPrefix(#""String","String","Real","Real","String","DateTime""#), "id, filename, latitude, longitude, sequence, captured_at")
        let rows = try CatalogFixtures.table(path).rows
        #expect(rows.first { $0["id"] == Self.bigA1 }?["filename"] == "../\(Self.bigA1).jpg")
        let options = ["-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude"]
        let info = try GDAL.summary(path, layer: nil, options: options)
        #expect(info.count == 6)
        #expect(info.fields["id"] == "String" && info.fields["file_size"] == "Integer64" && info.fields["captured_at"] == "DateTime")
        #expect(info.fields["blurry"] == "Integer(Boolean)" && info.fields["latitude"] == "Real")
        let features = try GDAL.features(path, layer: nil, options: options)
        try Self.expectExact(features, csv: csv)
        for feature in features {
            let blurry = try #require(csv[feature.id ?? ""]?["blurry"])
            #expect(feature.attributes["blurry"] == (blurry.isEmpty ? .null : (blurry == "true" ? 1 : 0).databaseValue), "true/false read as booleans")
        }
    }

    @Test("no position at all (local files only): every feature has a null geometry; the GeoPackage's layers stay valid", .enabled(if: GDAL.available))
    func noPositions() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for index in 0..<3 { try CatalogFixtures.write(try CatalogFixtures.panorama(seed: index * 30), to: folder, as: "p\(index).jpg") }
        try await CatalogFixtures.check(folder, thumbnails: false)
        let catalog = try Catalog(folder: folder)
        let geojson = try GeoJSONExport.write(catalog, root: folder, to: folder + "/a.geojson", sequences: true)
        #expect(geojson.features == 3 && geojson.positioned == 0 && geojson.sequences == 0)
        let gpkg = try GeoPackageExport.write(catalog, root: folder, to: folder + "/a.gpkg")
        #expect(gpkg.features == 3 && gpkg.positioned == 0)
        let info = try GDAL.summary(folder + "/a.gpkg", layer: "images")
        #expect(info.count == 3 && !info.stderr.contains("ERROR"), "\(info.stderr)")
        #expect(try GDAL.summary(folder + "/a.geojson", layer: nil).count == 3)
    }

    @Test("a download-only catalogue with small numeric ids: GDAL still reads id and sequence as String in all three formats", .enabled(if: GDAL.available))
    func numericIDs() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try Catalog(folder: folder)
        let texts = (1...3).map { Self.record("\($0)", sequence: "77", at: $0, lon: "13.4\($0)", lat: "52.5") }
        try catalog.storeImages(try texts.map { try MapillaryImage(json: try JSONParser.parse(Array($0.utf8)), raw: $0) })
        try CatalogCSV.render(catalog, to: CatalogCSV.path(in: folder), root: folder)
        let csv = try Self.csvRows(folder)
        try GeoJSONExport.write(catalog, root: folder, to: folder + "/a.geojson")
        try GeoPackageExport.write(catalog, root: folder, to: folder + "/a.gpkg")
        try CSVExport.write(catalog, root: folder, to: folder + "/a.csv")
        let options = ["-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude"]
        for (path, layer, extra) in [("a.geojson", nil, []), ("a.gpkg", "images", []), ("a.csv", nil, options)] {
            let info = try GDAL.summary(folder + "/" + path, layer: layer, options: extra)
            #expect(info.count == 3 && info.fields["id"] == "String" && info.fields["sequence"] == "String", "\(path): \(info.fields)")
            #expect(info.fields["width"] == (path == "a.geojson" ? "Integer" : "Integer64"), "\(path)")
            try Self.expectExact(try GDAL.features(folder + "/" + path, layer: layer, options: extra), csv: csv)
        }
    }

    /// Every GDAL feature's `id` is a string naming a CSV row, and its point is the CSV's position exactly.
    static func expectExact(_ features: [GDAL.Feature], csv: [String: [String: String]]) throws {
        #expect(features.count == csv.count)
        var ids: Set<String> = []
        for feature in features {
            #expect(feature.isText("id") && feature.isText("sequence") || feature.attributes["sequence"] == .null,
                    "ids stored as text: \(String(describing: feature.attributes["id"]))")
            let id = try #require(feature.id)
            ids.insert(id)
            let row = try #require(csv[id])
            if let lon = Double(row["longitude"] ?? ""), let lat = Double(row["latitude"] ?? "") {
                #expect(feature.vertices == [[lon, lat]], "\(id): \(String(describing: feature.vertices)) vs \(lon), \(lat)")
            } else {
                #expect(feature.vertices == nil, "\(id) has no position")
            }
        }
        #expect(ids == Set(csv.keys), "ids intact: \(ids.sorted())")
    }
}
