@testable import Catalog
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
