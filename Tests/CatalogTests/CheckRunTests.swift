import Foundation
import Testing
@testable import Imaging

@Suite("Batch check and CSV merge")
struct CheckRunTests {
    /// Reads a whole CSV as header + rows keyed by column name.
    static func table(_ path: String) throws -> (header: [String], rows: [[String: String]]) {
        let reader = try CSVReader(path: path)
        let header = try #require(try reader.next())
        var rows: [[String: String]] = []
        while let row = try reader.next() {
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return (header, rows)
    }

    /// A folder with a panorama, a flat photo, damaged and bogus files, a nested and an upper-case file.
    static func sampleFolder() throws -> String {
        let folder = try Fixtures.temporaryDirectory()
        let pano = Fixtures.inserting([Fixtures.app1(Fixtures.xmpPayload(Fixtures.gpanoXMP(width: 128, height: 64)))],
                                      into: try Fixtures.jpeg(width: 128, height: 64))
        try Fixtures.write(pano, to: folder, as: "pano.jpg")
        try Fixtures.write(try Fixtures.jpeg(width: 64, height: 48), to: folder, as: "flat.jpg")
        try Fixtures.write(Fixtures.truncated(pano, to: pano.count * 2 / 3), to: folder, as: "truncated.jpg")
        try Fixtures.write(Array("not a jpeg at all".utf8), to: folder, as: "text.jpg")
        try Fixtures.write([], to: folder, as: "empty.jpg")
        try FileManager.default.createDirectory(atPath: folder + "/nested/deeper", withIntermediateDirectories: true)
        try Fixtures.write(try Fixtures.jpeg(width: 96, height: 48), to: folder + "/nested/deeper", as: "UNLABELLED.JPEG")
        try Fixtures.write(Array("ignored".utf8), to: folder, as: "notes.txt")
        return folder
    }

    @Test("a folder without a CSV gets one row per image, thumbnails, and the right statuses")
    func freshFolder() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A symlink loop (directory) and a looping file link must not trap or crash the walk.
        try FileManager.default.createSymbolicLink(atPath: folder + "/nested/loop", withDestinationPath: folder)
        try FileManager.default.createSymbolicLink(atPath: folder + "/self.jpg", withDestinationPath: folder + "/self.jpg")

        let run = CheckRun(directory: folder, thumbnailDirectory: folder + "/thumbnails", jobs: 2)
        let summary = try await run.run()
        let csv = folder + "/mapillary_images_metadata.csv"
        let (header, rows) = try Self.table(csv)
        #expect(header == ["id", "filename"] + QAColumns.names)
        let byFile = Dictionary(uniqueKeysWithValues: rows.map { ($0["filename"] ?? "", $0) })
        #expect(Set(byFile.keys) == ["empty.jpg", "flat.jpg", "nested/deeper/UNLABELLED.JPEG", "pano.jpg", "self.jpg",
                                     "text.jpg", "truncated.jpg"])
        #expect(byFile["pano.jpg"]?["jpeg_status"] == "ok")
        #expect(byFile["pano.jpg"]?["equirectangular"] == "confirmed")
        #expect(byFile["pano.jpg"]?["id"] == "pano")
        #expect(byFile["pano.jpg"]?["thumbnail"] == "thumbnails/pano.jpg")
        #expect(byFile["flat.jpg"]?["equirectangular"] == "no")
        #expect(byFile["nested/deeper/UNLABELLED.JPEG"]?["equirectangular"] == "likely")
        #expect(byFile["truncated.jpg"]?["jpeg_status"] == "damaged")
        for bad in ["text.jpg", "empty.jpg", "self.jpg"] {
            #expect(byFile[bad]?["jpeg_status"] == "unreadable", "\(bad)")
            #expect(byFile[bad]?["jpeg_message"]?.isEmpty == false, "\(bad)")
        }
        #expect(byFile["pano.jpg"]?["sha256"]?.count == 64)
        #expect(FileManager.default.fileExists(atPath: folder + "/thumbnails/pano.jpg"))
        #expect(summary.checked == 7)
        #expect(summary.statuses == ["ok": 3, "damaged": 1, "unreadable": 3])
        #expect(summary.appended == 7)
        #expect(summary.strictFailure)
        #expect(summary.notes.contains { $0.contains("not following symlinked folder") })

        // The thumbnails folder is skipped on the next run, and a second run changes nothing but stays valid.
        let again = try await run.run()
        #expect(again.checked == 7)
        #expect(again.updated == 7 && again.appended == 0)
        #expect(try Self.table(csv).header == header)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("an existing CSV keeps its columns and rows; QA columns are replaced in place or appended")
    func mergeIntoExisting() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = folder + "/mapillary_images_metadata.csv"
        let writer = try CSVWriter(path: csv)
        try writer.write(["id", "filename", "camera_type", "jpeg_status", "raw_json", "note"])
        try writer.write(["111", "flat.jpg", "spherical", "stale", #"{"id":"111","a":"x, \"y\""}"#, "keep me"])
        try writer.write(["222", "gone.jpg", "spherical", "ok", "{}", "file deleted"])
        try writer.write(["333", "", "perspective", "", "{}", "failed download"])
        try writer.write(["444", "pano.jpg", "spherical", "", "{}", "multi\nline"])
        try writer.commit()

        let summary = try await CheckRun(directory: folder, thumbnailDirectory: nil, jobs: 2).run()
        let (header, rows) = try Self.table(csv)
        #expect(Array(header.prefix(6)) == ["id", "filename", "camera_type", "jpeg_status", "raw_json", "note"])
        #expect(Set(header.dropFirst(6)) == Set(QAColumns.names).subtracting(["jpeg_status"]))
        #expect(rows.prefix(4).map { $0["id"] } == ["111", "222", "333", "444"])
        #expect(rows[0]["note"] == "keep me" && rows[0]["raw_json"] == #"{"id":"111","a":"x, \"y\""}"#)
        #expect(rows[0]["jpeg_status"] == "ok")
        // The API says panorama, the pixels are 4:3: the verdict says so.
        #expect(rows[0]["equirectangular"] == "inconsistent")
        #expect(rows[1]["jpeg_status"] == "missing")
        #expect(rows[2]["jpeg_status"] == "" && rows[2]["note"] == "failed download")
        #expect(rows[3]["equirectangular"] == "confirmed" && rows[3]["note"] == "multi\nline")
        #expect(rows[3]["thumbnail"] == "")
        #expect(rows.count == 4 + 4)
        #expect(summary.missing == 1 && summary.updated == 2 && summary.appended == 4)
        #expect(summary.statuses["missing"] == 1)
    }

    @Test("a CSV row with more fields than its header is refused and the CSV left untouched")
    func malformedCSV() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = folder + "/index.csv"
        let original = "id,filename\r\n1,pano.jpg,extra\r\n"
        try Data(original.utf8).write(to: URL(fileURLWithPath: csv))
        await #expect(throws: ImagingError.self) {
            _ = try await CheckRun(directory: folder, csvPath: csv, thumbnailDirectory: nil, jobs: 1).run()
        }
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a cancelled run stops taking files and still writes a valid CSV of the files it checked")
    func cancellation() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jpeg = try Fixtures.jpeg(width: 64, height: 32)
        for index in 0..<300 { try Fixtures.write(jpeg, to: folder, as: String(format: "img%03d.jpg", index)) }
        let run = CheckRun(directory: folder, thumbnailDirectory: nil, jobs: 2)
        let task = Task { try await run.run() }
        task.cancel()
        let summary = try await task.value
        #expect(summary.checked < 300)
        let (header, rows) = try Self.table(folder + "/mapillary_images_metadata.csv")
        #expect(header == ["id", "filename"] + QAColumns.names)
        #expect(rows.count == summary.checked)
        #expect(rows.allSatisfy { $0["jpeg_status"] == "ok" })
    }

    @Test("a missing folder is an error naming it")
    func missingFolder() async {
        await #expect(throws: ImagingError.unreadable(path: "/nonexistent-mly360-folder", errno: ENOENT)) {
            _ = try await CheckRun(directory: "/nonexistent-mly360-folder", thumbnailDirectory: nil, jobs: 1).run()
        }
    }

    @Test("the real test files: every status and verdict of the reference table",
          .enabled(if: Fixtures.hasRealFiles, "../shared/testdata/real is absent"))
    func realFiles() async throws {
        let real = try #require(Fixtures.realDirectory)
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let summary = try await CheckRun(directory: real, csvPath: out + "/real.csv", thumbnailDirectory: out + "/thumbs",
                                         jobs: 2).run()
        #expect(summary.checked == 19)
        #expect(summary.statuses == ["ok": 13, "damaged": 3, "unreadable": 3])
        #expect(summary.verdicts == ["confirmed": 3, "partial": 1, "inconsistent": 1, "likely": 1, "no": 10, "unknown": 3])
        #expect(summary.thumbnails == 16)
        let rows = try Self.table(out + "/real.csv").rows
        let manifest = Dictionary(uniqueKeysWithValues: Fixtures.manifest.map { ($0.path, $0) })
        for row in rows {
            let relative = try #require(row["filename"]?.components(separatedBy: "testdata/real/").last)
            let entry = try #require(manifest[relative], "\(relative)")
            #expect(row["sha256"] == entry.sha256, "\(relative)")
            #expect(row["file_size"] == String(entry.bytes), "\(relative)")
        }
    }
}
