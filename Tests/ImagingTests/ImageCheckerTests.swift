import Foundation
import Testing
@testable import Imaging

@Suite("ImageChecker (synthetic files)")
struct ImageCheckerTests {
    @Test("a clean 2:1 GPano panorama: ok, confirmed, every field filled, thumbnail written")
    func panorama() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let jpeg = Fixtures.inserting(
            [Fixtures.app1(Fixtures.xmpPayload(Fixtures.gpanoXMP(width: 256, height: 128)))],
            into: try Fixtures.jpeg(width: 256, height: 128))
        let path = try Fixtures.write(jpeg, to: directory, as: "pano.jpg")
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 64))
        let report = checker.check(fileAt: path, thumbnailPath: directory + "/thumbs/pano.jpg", apiSaysPanorama: nil)
        #expect(report.path == path)
        #expect(report.fileSize == jpeg.count)
        #expect(report.status == .ok)
        #expect(report.message == nil)
        #expect((report.pixelWidth, report.pixelHeight) == (256, 128))
        #expect(report.gpano?.projectionType == "equirectangular")
        #expect(report.gpano?.fullWidth == 256)
        #expect(report.verdict == .confirmed)
        #expect(!report.verdictReason.isEmpty)
        #expect(report.warnings.isEmpty)
        #expect(report.thumbnailPath == directory + "/thumbs/pano.jpg")
        let thumbnail = try #require(FileManager.default.contents(atPath: directory + "/thumbs/pano.jpg"))
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader([UInt8](thumbnail))
        #expect((header.width, header.height) == (64, 32))
    }

    @Test("tiny and empty files are measured and reported unreadable (hashing is the catalogue's: SHA256Hex)")
    func tinyFiles() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checker = try ImageChecker(options: CheckOptions())
        let abc = checker.check(fileAt: try Fixtures.write(Array("abc".utf8), to: directory, as: "abc.jpg"), thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(abc.fileSize == 3)
        #expect(abc.status == .unreadable)
        let empty = checker.check(fileAt: try Fixtures.write([], to: directory, as: "empty.jpg"), thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(empty.fileSize == 0 && empty.status == .unreadable)
    }

    @Test("no thumbnail path: no thumbnail is made")
    func noThumbnail() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Fixtures.write(try Fixtures.jpeg(), to: directory, as: "a.jpg")
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(report.status == .ok)
        #expect(report.thumbnailPath == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["a.jpg"])
    }

    @Test("the EXIF orientation turns the thumbnail; Exif values reach the report")
    func orientation() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let jpeg = Fixtures.inserting([Fixtures.app1(Fixtures.exifPayload(orientation: 6))], into: try Fixtures.jpeg(width: 96, height: 48))
        let path = try Fixtures.write(jpeg, to: directory, as: "rotated.jpg")
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 40))
        let report = checker.check(fileAt: path, thumbnailPath: directory + "/t.jpg", apiSaysPanorama: nil)
        #expect(report.exif?.orientation == 6)
        #expect((report.pixelWidth, report.pixelHeight) == (96, 48))
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader([UInt8](try #require(FileManager.default.contents(atPath: directory + "/t.jpg"))))
        #expect((header.width, header.height) == (20, 40))
    }

    @Test("the API's panorama opinion reaches the verdict")
    func apiSaysPanorama() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Fixtures.write(try Fixtures.jpeg(width: 48, height: 48), to: directory, as: "square.jpg")
        var checker = try ImageChecker(options: CheckOptions())
        #expect(checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: true).verdict == .inconsistent)
        #expect(checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: false).verdict == .no)
        let wide = try Fixtures.write(try Fixtures.jpeg(width: 64, height: 32), to: directory, as: "wide.jpg")
        #expect(checker.check(fileAt: wide, thumbnailPath: nil, apiSaysPanorama: nil).verdict == .likely)
    }

    @Test("structure problems are warnings, next to the decoder's verdict")
    func structureWarnings() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let jpeg = try Fixtures.jpeg()
        let path = try Fixtures.write(jpeg + [0xFF, 0xD8, 0x00], to: directory, as: "trailer.jpg")
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(report.status == .ok)
        let junk = Fixtures.insertingJunk(jpeg, count: 3)
        let junkReport = checker.check(fileAt: try Fixtures.write(junk, to: directory, as: "junk.jpg"), thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(junkReport.status == .damaged)
        #expect(junkReport.warnings.contains { $0.hasPrefix("3 junk bytes before marker 0xDB") })
    }

    @Test("invalid options are refused", arguments: [
        CheckOptions(thumbnailSize: 0), CheckOptions(thumbnailQuality: 0), CheckOptions(maxPixels: 0),
    ])
    func invalidOptions(_ options: CheckOptions) {
        #expect(throws: ImagingError.self) { _ = try ImageChecker(options: options) }
    }

    #if canImport(Glibc)
    @Test("a checker tells glibc to keep multi-megabyte buffers for reuse (mallopt found and accepted)",
          .enabled(if: !Sanitizer.active, "a sanitizer's allocator replaces glibc's and refuses mallopt"))
    func reusesLargeAllocations() throws {
        _ = try ImageChecker()
        #expect(ImageChecker.reuseLargeAllocations)
    }
    #endif
}
