import Catalog
import Foundation
import Testing
@testable import Tool

@Suite("mly360 export (in-process)")
struct ExportCommandTests {
    @Test("export of a checked folder: gpkg, geojson (format from --out), csv + csvt; the files appear with their summaries")
    func formats() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(try ToolFixtures.panorama(width: 256), folder + "/b.jpg")
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails"]) == 0)
        #expect(await MLY360.execute(["export", folder, "--format", "gpkg"]) == 0)
        let gpkg = try Data(contentsOf: URL(fileURLWithPath: folder + "/mapillary_images.gpkg"))
        #expect(gpkg.starts(with: Array("SQLite format 3\u{0}".utf8)))
        #expect(await MLY360.execute(["export", folder, "--out", folder + "/x.geojson", "--sequences", "--json"]) == 0)
        let geojson = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/x.geojson"))) as? [String: Any]
        #expect((geojson?["features"] as? [Any])?.count == 2)
        #expect(await MLY360.execute(["export", folder, "--format", "csv", "--out", folder + "/copy.csv"]) == 0)
        #expect(try ToolFixtures.rows(folder + "/copy.csv").count == 2)
        let csvt = try String(contentsOfFile: folder + "/copy.csvt", encoding: .utf8).split(separator: ",")
        let header = try #require(try CSVReader(path: folder + "/copy.csv").next())
        #expect(csvt.count == header.count && csvt.first == #""String""#)
        #expect(csvt[header.firstIndex(of: "file_size")!] == #""Integer64""# && csvt[header.firstIndex(of: "pixel_width")!] == #""Integer64""#)
        #expect(await MLY360.execute(["export", folder, "--format", "csv"]) == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/mapillary_images_metadata.csvt"), "csv: the folder's CSV and its sidecar")
        let summary = Export.line(ExportSummary(format: .gpkg, path: "/d/m.gpkg", features: 3, positioned: 2, sequences: 1,
                                                sequenceLines: 1, bytes: 84_200, columnTypes: ColumnTypes(columns: [], types: [])))
        #expect(summary == "mly360 export: 3 images (2 with a position, 1 without: null geometry), 1 sequence → /d/m.gpkg (84.2 KB)")
    }

    @Test("bad input: usage errors exit 2, a missing folder or an unwritable --out exit 3, an empty catalogue writes nothing")
    func badInput() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await MLY360.execute(["export", folder, "--format", "shapefile"]) == ToolExit.usage)
        #expect(await MLY360.execute(["export", folder, "--format", "csv", "--sequences"]) == ToolExit.usage)
        #expect(await MLY360.execute(["export", folder, "--out", folder + "/"]) == ToolExit.usage)
        #expect(await MLY360.execute(["export", folder + "/nope"]) == ToolExit.localIO)
        #expect(await MLY360.execute(["export", folder]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "an empty catalogue: nothing written")
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails"]) == 0)
        #expect(await MLY360.execute(["export", folder, "--format", "geojson", "--out", folder + "/mapillary_images_metadata.csv"]) == ToolExit.usage,
                "never overwrite the folder's CSV with another format")
        try ToolFixtures.write(Array("x".utf8), folder + "/plain")
        #expect(await MLY360.execute(["export", folder, "--out", folder + "/plain/x.gpkg"]) == ToolExit.localIO)
        try FileManager.default.createDirectory(atPath: folder + "/dir.geojson", withIntermediateDirectories: false)
        #expect(await MLY360.execute(["export", folder, "--out", folder + "/dir.geojson"]) == ToolExit.localIO)
        #expect(!FileManager.default.fileExists(atPath: folder + "/mapillary_images.geojson"))
    }

    @Test("--help teaches: formats, defaults, examples")
    func help() {
        let help = MLY360.helpMessage(for: Export.self)
        #expect(help.contains("--format") && help.contains("--sequences") && help.contains("Examples")
                && help.contains("mapillary_images.gpkg") && help.contains("null geometry") && help.contains(".csvt"))
    }
}
