import Foundation
import Testing
@testable import Tool

@Suite("mly360 check and inspect (in-process)")
struct CheckCommandTests {
    @Test("a folder of good panoramas: exit 0, CSV and thumbnails written, --strict passes")
    func goodFolder() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(try ToolFixtures.panorama(width: 256), folder + "/b.JPG")
        #expect(await MLY360.execute(["check", folder, "--strict", "--thumbnail-size", "64"]) == 0)
        let rows = try ToolFixtures.rows(folder + "/mapillary_images_metadata.csv")
        #expect(rows.map { $0["filename"] } == ["a.jpg", "b.JPG"])
        #expect(rows.allSatisfy { $0["jpeg_status"] == "ok" && $0["equirectangular"] == "confirmed" })
        #expect(rows.map { $0["thumbnail"] } == ["thumbnails/a.jpg", "thumbnails/b.jpg"])
        #expect(FileManager.default.fileExists(atPath: folder + "/thumbnails/b.jpg"))
    }

    @Test("--strict exits 1 for a damaged file or a non-panorama; without it the run exits 0")
    func strict() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pano = try ToolFixtures.panorama()
        try ToolFixtures.write(pano, folder + "/good.jpg")
        try ToolFixtures.write(Array(pano.prefix(pano.count / 2)), folder + "/cut.jpg")
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails"]) == 0)
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails", "--strict"]) == 1)
        try FileManager.default.removeItem(atPath: folder + "/cut.jpg")
        try ToolFixtures.write(try ToolFixtures.jpeg(width: 40, height: 30), folder + "/flat.jpg")
        #expect(await MLY360.execute(["check", folder, "--no-thumbnails", "--strict"]) == 1)
        let rows = try ToolFixtures.rows(folder + "/mapillary_images_metadata.csv")
        #expect(rows.first { $0["filename"] == "cut.jpg" }?["jpeg_status"] == "missing")
    }

    @Test("usage errors exit 2", arguments: [
        ["check"], ["check", "/tmp", "--thumbnail-size", "0"], ["check", "/tmp", "--jobs", "0"],
        ["check", "/tmp", "--thumbnail-quality", "101"], ["check", "/tmp", "--no-such-flag"], ["inspect"], ["frobnicate"],
    ])
    func usage(arguments: [String]) async {
        #expect(await MLY360.execute(arguments) == 2)
    }

    @Test("an unreadable folder or an unwritable CSV exits 3")
    func localIO() async throws {
        #expect(await MLY360.execute(["check", "/nonexistent-mly360"]) == 3)
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        #expect(await MLY360.execute(["check", folder, "--csv", "/nonexistent-mly360/x.csv"]) == 3)
        #expect(await MLY360.execute(["inspect", folder + "/missing.jpg"]) == 3)
    }

    @Test("inspect and help succeed")
    func inspectAndHelp() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(Array("garbage".utf8), folder + "/b.jpg")
        #expect(await MLY360.execute(["inspect", folder + "/a.jpg", folder + "/b.jpg"]) == 0)
        #expect(await MLY360.execute(["inspect", "--json", folder + "/a.jpg"]) == 0)
        #expect(await MLY360.execute(["--help"]) == 0)
        #expect(await MLY360.execute(["check", "--help"]) == 0)
    }

    /// The built `mly360` next to the test bundle (`.build/<config>/mly360`); nil when not built.
    static let binary: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["debug", "release"].map { repo.appendingPathComponent(".build/\($0)/mly360").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test("check --json prints a summary a script can parse (the real binary, as a subprocess)",
          .enabled(if: binary != nil, "mly360 is not built"))
    func jsonSummary() async throws {
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ToolFixtures.write(try ToolFixtures.panorama(), folder + "/a.jpg")
        try ToolFixtures.write(Array("x".utf8), folder + "/b.jpg")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
        process.arguments = ["check", folder, "--json", "--no-thumbnails"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["checked"] as? Int == 2)
        #expect((json["statuses"] as? [String: Int]) == ["ok": 1, "unreadable": 1])
        #expect((json["verdicts"] as? [String: Int])?["confirmed"] == 1)
        // One key style (snake_case) and no escaped slashes.
        let text = String(decoding: data, as: UTF8.self)
        #expect(json["csv_path"] as? String == folder + "/mapillary_images_metadata.csv")
        #expect(json["images_per_second"] != nil && json["imagesPerSecond"] == nil)
        #expect(!text.contains("\\/"))
    }
}
