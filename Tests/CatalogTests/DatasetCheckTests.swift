@testable import Catalog
import Foundation
@testable import Imaging
import Testing

@Suite("Checking a folder into its catalogue")
struct DatasetCheckTests {
    typealias F = CatalogFixtures

    /// A folder with a panorama, a flat photo, damaged and bogus files, and a nested upper-case file.
    static func sampleFolder() throws -> String {
        let folder = try F.temporaryDirectory()
        let pano = try F.panorama()
        try F.write(pano, to: folder, as: "pano.jpg")
        try F.write(try F.jpeg(width: 64, height: 48), to: folder, as: "flat.jpg")
        try F.write(Array(pano.prefix(pano.count * 2 / 3)), to: folder, as: "truncated.jpg")
        try F.write(Array("not a jpeg at all".utf8), to: folder, as: "text.jpg")
        try F.write(try F.jpeg(width: 96, height: 48, seed: 3), to: folder + "/nested/deeper", as: "UNLABELLED.JPEG")
        try F.write(Array("ignored".utf8), to: folder, as: "notes.txt")
        return folder
    }

    @Test("a folder gets one row per image with statuses and thumbnails; a symlink loop cannot trap the walk")
    func freshFolder() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/nested/loop", withDestinationPath: folder)
        let summary = try await F.check(folder)
        #expect(summary.found == 5 && summary.checked == 5 && summary.reused == 0)
        let (header, rows) = try F.table(summary.csvPath)
        #expect(Array(header.suffix(QAColumns.names.count)) == QAColumns.names)
        let byFile = Dictionary(uniqueKeysWithValues: rows.map { ($0["filename"] ?? "", $0) })
        #expect(Set(byFile.keys) == ["flat.jpg", "nested/deeper/UNLABELLED.JPEG", "pano.jpg", "text.jpg", "truncated.jpg"])
        #expect(byFile["pano.jpg"]?["jpeg_status"] == "ok")
        #expect(byFile["pano.jpg"]?["equirectangular"] == "confirmed")
        #expect(byFile["truncated.jpg"]?["jpeg_status"] == "damaged")
        #expect(byFile["text.jpg"]?["jpeg_status"] == "unreadable")
        #expect(byFile["nested/deeper/UNLABELLED.JPEG"]?["equirectangular"] == "likely")
        #expect(byFile["flat.jpg"]?["download_status"] == "", "a local file is not a Mapillary download")
        for row in rows where row["jpeg_status"] != "unreadable" {
            let thumbnail = try #require(row["thumbnail"], "\(row)")
            #expect(thumbnail.hasPrefix("thumbnails/") && FileManager.default.fileExists(atPath: folder + "/" + thumbnail))
        }
        #expect(Set(rows.map { $0["id"] ?? "" }).count == rows.count)
    }

    @Test("thumbnails are never images, with or without --no-thumbnails, wherever they are")
    func thumbnailsAreNotImages() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await F.check(folder)
        let second = try await F.check(folder, thumbnails: false)
        #expect(second.found == 5)
        try await F.check(folder, thumbnailFolder: folder + "/previews")
        // A later run with the default folder still never scans the one used before.
        let fourth = try await F.check(folder, force: true)
        #expect(fourth.found == 5)
        let rows = try F.table(CatalogCSV.path(in: folder)).rows
        #expect(rows.count == 5)
        #expect(!rows.contains { ($0["filename"] ?? "").hasPrefix("thumbnails/") || ($0["filename"] ?? "").hasPrefix("previews/") })
        #expect(!FileManager.default.fileExists(atPath: folder + "/thumbnails/thumbnails"))
    }

    @Test("same stem in two folders, or names differing only in case: two images, two ids, two thumbnails")
    func uniqueIDs() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try F.write(try F.jpeg(seed: 1), to: folder + "/a", as: "frame.jpg")
        try F.write(try F.jpeg(seed: 2), to: folder + "/b", as: "frame.jpg")
        try F.write(try F.jpeg(seed: 3), to: folder, as: "x.jpg")
        try F.write(try F.jpeg(seed: 4), to: folder, as: "X.jpg")
        let summary = try await F.check(folder)
        #expect(summary.checked == 4)
        let rows = try F.table(summary.csvPath).rows
        let ids = rows.map { $0["id"] ?? "" }
        #expect(rows.count == 4 && Set(ids).count == 4)
        let thumbnails = Set(rows.map { ($0["thumbnail"] ?? "").lowercased() })
        #expect(thumbnails.count == 4, "thumbnail names differ even on a case-insensitive disk")
        // Stable: a second check (any flags) gives the same ids and still one row per image.
        try await F.check(folder, thumbnails: false, force: true)
        try await F.check(folder)
        let again = try F.table(summary.csvPath).rows
        #expect(again.map { $0["id"] ?? "" }.sorted() == ids.sorted())
    }

    @Test("unchanged files are not read again; a file changed in place is; --force reads all")
    func incremental() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for index in 0..<6 { try F.write(try F.panorama(seed: index), to: folder, as: "p\(index).jpg") }
        let first = try await F.check(folder)
        #expect(first.checked == 6 && first.reused == 0 && first.thumbnails == 6)
        let firstRows = try F.table(first.csvPath).rows

        let second = try await F.check(folder)
        #expect(second.checked == 0 && second.reused == 6 && second.bytes == 0)
        #expect(second.statuses == first.statuses && second.verdicts == first.verdicts)
        #expect(try F.table(second.csvPath).rows == firstRows, "a reused result renders exactly as before")

        // Changed in place (same name, new bytes): re-checked, and its hash follows.
        try F.write(try F.jpeg(width: 100, height: 50, seed: 9), to: folder, as: "p2.jpg")
        let third = try await F.check(folder)
        #expect(third.checked == 1 && third.reused == 5)
        let changed = try #require(try F.table(third.csvPath).rows.first { $0["filename"] == "p2.jpg" })
        #expect(changed["pixel_width"] == "100")
        #expect(changed["id"] == firstRows.first { $0["filename"] == "p2.jpg" }?["id"])

        // A deleted thumbnail or other thumbnail settings are not "unchanged".
        try FileManager.default.removeItem(atPath: folder + "/" + (changed["thumbnail"] ?? ""))
        #expect(try await F.check(folder).checked == 1)
        #expect(try await F.check(folder, options: CheckOptions(thumbnailSize: 48)).checked == 6)

        let forced = try await F.check(folder, force: true, options: CheckOptions(thumbnailSize: 48))
        #expect(forced.checked == 6 && forced.reused == 0)
    }

    @Test("--no-pixel-qa leaves the signal columns empty; a later check with them re-checks; a new thumbnail decode re-makes thumbnails")
    func pixelQAAndDecodeSwitches() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let skipped = try await F.check(folder, options: CheckOptions(thumbnailSize: 32, pixelQA: false))
        #expect(skipped.checked == 5)
        let bare = try F.table(skipped.csvPath).rows.first { $0["filename"] == "pano.jpg" }
        #expect(bare?["jpeg_status"] == "ok" && bare?["blur_score"] == "" && bare?["phash"] == "" && bare?["projection_pixels"] == "")
        #expect(try await F.check(folder, options: CheckOptions(thumbnailSize: 32, pixelQA: false)).checked == 0)

        let measured = try await F.check(folder)
        #expect(measured.checked == 5, "results without the signals do not stand for a check with them")
        let full = try F.table(measured.csvPath).rows.first { $0["filename"] == "pano.jpg" }
        #expect(full?["blur_score"]?.isEmpty == false && full?["phash"]?.count == 16)

        let fast = try await F.check(folder, options: CheckOptions(thumbnailSize: 32, thumbnailDecode: .fast))
        #expect(fast.checked == 5, "every file is checked again under the new thumbnail settings")
        #expect(try await F.check(folder, options: CheckOptions(thumbnailSize: 32, thumbnailDecode: .fast)).checked == 0)
    }

    @Test("a file that is gone becomes jpeg_status=missing and stays one row")
    func missingFile() async throws {
        let folder = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await F.check(folder)
        try FileManager.default.removeItem(atPath: folder + "/flat.jpg")
        let summary = try await F.check(folder)
        #expect(summary.missing == 1 && summary.statuses["missing"] == 1)
        let rows = try F.table(summary.csvPath).rows
        #expect(rows.count == 5)
        #expect(rows.first { $0["filename"] == "flat.jpg" }?["jpeg_status"] == "missing")
        #expect(summary.strictFailure)
    }

    @Test("an old CSV whose rows catalogued thumbnails as images is repaired on import")
    func damagedOldCSV() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try F.write(try F.panorama(), to: folder, as: "pano.jpg")
        try F.write(try F.jpeg(width: 32, height: 16), to: folder + "/thumbnails", as: "pano.jpg")
        let writer = try CSVWriter(path: CatalogCSV.path(in: folder))
        try writer.write(["id", "filename", "jpeg_status", "my_label"])
        try writer.write(["pano", "pano.jpg", "ok", "keep me"])
        try writer.write(["pano", "thumbnails/pano.jpg", "ok", "a thumbnail"])
        try writer.commit()
        let summary = try await F.check(folder)
        #expect(summary.found == 1)
        let rows = try F.table(summary.csvPath).rows
        #expect(rows.count == 1)
        #expect(rows.first?["id"] == "pano", "the id the user's CSV gave the file is kept")
        #expect(rows.first?["my_label"] == "keep me")
        #expect(rows.first?["jpeg_status"] == "ok")
    }

    @Test("a thumbnail that cannot be written is a warning in the record, not a failure")
    func thumbnailUnwritable() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try F.write(try F.jpeg(), to: folder, as: "a.jpg")
        // A folder where the thumbnail file should go: the rename onto it fails.
        try FileManager.default.createDirectory(atPath: folder + "/thumbnails/a.jpg/x", withIntermediateDirectories: true)
        let summary = try await F.check(folder)
        #expect(summary.checked == 1 && summary.thumbnails == 0)
        let row = try #require(try F.table(summary.csvPath).rows.first)
        #expect(row["jpeg_status"] == "ok" && row["thumbnail"] == "")
        #expect(row["warnings"]?.contains("thumbnail not written: Unable to write '\(folder)/thumbnails/a.jpg'") == true,
                "\(row["warnings"] ?? "")")
    }

    @Test("a cancelled check stops taking files, records what it checked, and says how many were left")
    func cancellation() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jpeg = try F.jpeg(width: 64, height: 32)
        for index in 0..<300 { try F.write(jpeg, to: folder, as: String(format: "img%03d.jpg", index)) }
        let catalog = try Catalog(folder: folder)
        let run = DatasetCheck(directory: folder, thumbnailDirectory: nil, jobs: 2)
        let task = Task { try await run.run(catalog: catalog) }
        task.cancel()
        let summary = try await task.value
        #expect(summary.checked < 300)
        #expect(summary.interrupted && summary.remaining == 300 - summary.checked)
        try CatalogCSV.render(catalog, to: CatalogCSV.path(in: folder), root: folder)
        let rows = try F.table(CatalogCSV.path(in: folder)).rows
        #expect(rows.count == summary.checked)
        // The next run checks only the rest.
        let rest = try await F.check(folder, thumbnails: false)
        #expect(rest.checked == 300 - summary.checked && rest.reused == summary.checked)
    }

    @Test("a missing folder is an error naming it")
    func missingFolder() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try Catalog(folder: folder)
        await #expect(throws: CatalogError.unreadable(path: "/nonexistent-mly360-folder", errno: ENOENT)) {
            _ = try await DatasetCheck(directory: "/nonexistent-mly360-folder", thumbnailDirectory: nil, jobs: 1)
                .run(catalog: catalog)
        }
    }

    @Test("the real test files: every status and verdict of the reference table, GPS from XMP where only XMP has it",
          .enabled(if: CatalogFixtures.realDirectory != nil, "../shared/testdata/real is absent"))
    func realFiles() async throws {
        let real = try #require(F.realDirectory)
        let out = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let catalog = try Catalog(folder: out)
        let summary = try await DatasetCheck(directory: real, thumbnailDirectory: out + "/thumbs", jobs: 2).run(catalog: catalog)
        #expect(summary.checked == 19)
        #expect(summary.statuses == ["ok": 13, "damaged": 3, "unreadable": 3])
        #expect(summary.verdicts == ["confirmed": 3, "partial": 1, "inconsistent": 1, "likely": 1, "no": 10, "unknown": 3])
        #expect(summary.thumbnails == 16)
        try CatalogCSV.render(catalog, to: out + "/real.csv", root: real)
        let rows = try F.table(out + "/real.csv").rows
        #expect(rows.count == 19)
        // File facts: the size and SHA-256 of every real file, as manifest.tsv gives them.
        let manifest = try String(contentsOfFile: real + "/manifest.tsv", encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.components(separatedBy: "\t") }
        for entry in manifest where entry.count > 2 {
            let row = try #require(rows.first { ($0["filename"] ?? "").hasSuffix("/" + entry[0]) }, "\(entry[0])")
            #expect(row["file_size"] == entry[1] && row["sha256"] == entry[2], "\(entry[0])")
        }
        let coords = try #require(rows.first { ($0["filename"] ?? "").hasSuffix("pano/adobe_coords.jpg") })
        #expect(coords["gps_source"] == "xmp")
        #expect(coords["exif_gps_latitude"]?.hasPrefix("-0.070") == true)
        #expect(coords["exif_gps_longitude"]?.hasPrefix("34.38") == true)
        let gopro = try #require(rows.first { ($0["filename"] ?? "").hasSuffix("GSAG2002.JPG") })
        #expect(gopro["gps_source"] == "exif")
        // Unchanged: the second check reads nothing.
        let again = try await DatasetCheck(directory: real, thumbnailDirectory: out + "/thumbs", jobs: 2).run(catalog: catalog)
        #expect(again.checked == 0 && again.reused == 19)
    }
}
