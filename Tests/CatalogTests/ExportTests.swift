@testable import Catalog
import Fetch
import Foundation
import GRDB
import Testing

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
