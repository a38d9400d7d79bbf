import Catalog
import Foundation
import Imaging
import MapillarySimulator
import Testing
@testable import Tool

@Suite("mly360 download --embed-metadata and mly360 embed")
struct EmbedCommandTests {
    /// exiftool -n -j of files, by file name.
    static func exiftool(_ files: [String]) -> [String: [String: Any]] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/exiftool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-n", "-j"] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let objects = (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        return Dictionary(objects.compactMap { object in
            (object["SourceFile"] as? String).map { (($0 as NSString).lastPathComponent, object) }
        }, uniquingKeysWith: { first, _ in first })
    }

    static func inodes(_ folder: String) throws -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".jpg") {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            result[name] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        }
        return result
    }

    @Test("embedded at download: exiftool reads the CSV's values, GPano only for 2:1, check confirms it, nothing is fetched again, embed is idempotent",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/exiftool"), "exiftool is not installed"))
    func downloadAndEmbed() async throws {
        let world = WorldSpec(sequences: 3, imagesPerSequence: 3...4, panoFraction: 1, mislabelledCount: 1, gpanoFraction: 0.5)
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 11, world: world))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let box = world.area
        let arguments = ["download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)",
                         "--api-url", simulator.graphURL, "--token", MapillarySimulator.defaultToken, "--out", out,
                         "--thumbnail-size", "64", "--embed-metadata"]
        #expect(await MLY360.execute(arguments) == ToolExit.completed)
        let rows = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        #expect(rows.count >= 9)
        let tags = Self.exiftool(rows.compactMap { $0["filename"].map { out + "/" + $0 } })
        for row in rows {
            let name = try #require(row["filename"])
            let tool = try #require(tags[name], "exiftool read \(name)")
            #expect(row["embedded"]?.hasPrefix("exif+xmp") == true)
            #expect(row["served_sha256"]?.count == 64 && row["served_sha256"] != row["sha256"], "the file changed; the served hash is kept")
            #expect(abs((tool["GPSLatitude"] as? Double ?? 0) - (Double(row["latitude"] ?? "") ?? 1)) < 1e-7)
            #expect(abs((tool["GPSLongitude"] as? Double ?? 0) - (Double(row["longitude"] ?? "") ?? 1)) < 1e-7)
            #expect("\(tool["ImageUniqueID"] ?? "")" == row["id"])
            let twoToOne = row["pixel_width"].flatMap(Int.init) == 2 * (row["pixel_height"].flatMap(Int.init) ?? 0)
            if twoToOne {
                #expect(tool["ProjectionType"] as? String == "equirectangular")
                #expect(tool["FullPanoWidthPixels"] as? Int == Int(row["pixel_width"] ?? ""), "GPano names the file's own size")
                #expect(row["equirectangular"] == "confirmed" && row["gpano_projection_type"] == "equirectangular")
            } else {
                #expect(tool["ProjectionType"] == nil, "a 4:3 frame labelled 360° gets no GPano")
                #expect(row["embedded"]?.contains("no GPano") == true)
            }
        }
        #expect(rows.contains { !($0["embedded"] ?? "").contains("gpano") }, "the mislabelled frame is in the world")

        // A second download finds every embedded file complete: nothing is replaced.
        let before = try Self.inodes(out)
        let cdnBefore = simulator.statistics().cdnRequests
        #expect(await MLY360.execute(arguments) == ToolExit.completed)
        #expect(simulator.statistics().cdnRequests == cdnBefore, "no image fetched again")
        #expect(try Self.inodes(out) == before)
        let again = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
        #expect(again.map { $0["sha256"] } == rows.map { $0["sha256"] } && again.map { $0["embedded"] } == rows.map { $0["embedded"] })

        #expect(await MLY360.execute(["embed", out]) == ToolExit.completed)
        #expect(try Self.inodes(out) == before, "embedding twice is a no-op")
        try await simulator.shutdown()
    }
}
