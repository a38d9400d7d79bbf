import Foundation
import Testing
@testable import Imaging

/// The bytes-in API: ``ImageChecker/check(_:makeThumbnail:apiSaysPanorama:)``, ``ImageInspection/inspect(bytes:name:options:)``
/// and ``ImageChecker/readFile(_:)``, and their agreement with the path forms that wrap them.
@Suite("Bytes in, report out")
struct BytesAPITests {
    static func pano() throws -> [UInt8] {
        Fixtures.inserting(
            [Fixtures.app1(Fixtures.xmpPayload(Fixtures.gpanoXMP(width: 256, height: 128))),
             Fixtures.app1(Fixtures.exifPayload(orientation: 1))],
            into: try Fixtures.jpeg(width: 256, height: 128))
    }

    @Test("check(bytes) gives the path form's report and the very thumbnail it writes")
    func sameAsPath() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let jpeg = try Self.pano()
        let path = try Fixtures.write(jpeg, to: directory, as: "pano.jpg")
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 64))
        let fromPath = checker.check(fileAt: path, thumbnailPath: directory + "/t.jpg", apiSaysPanorama: true)
        let fromBytes = checker.check(jpeg, makeThumbnail: true, apiSaysPanorama: true)
        var expected = fromPath.report
        expected.path = ""
        #expect(fromBytes.report == expected)
        #expect(fromBytes.report.status == .ok && fromBytes.report.verdict == .confirmed)
        let written = try #require(FileManager.default.contents(atPath: directory + "/t.jpg"))
        #expect(fromBytes.thumbnail == [UInt8](written))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["pano.jpg", "t.jpg"])
    }

    @Test("no thumbnail unless asked; none for undecodable bytes; garbage still gets a report")
    func thumbnails() throws {
        var checker = try ImageChecker(options: CheckOptions())
        let jpeg = try Self.pano()
        #expect(checker.check(jpeg, makeThumbnail: false, apiSaysPanorama: nil).thumbnail == nil)
        let garbage = checker.check(Array("not a jpeg".utf8), makeThumbnail: true, apiSaysPanorama: nil)
        #expect(garbage.thumbnail == nil)
        #expect(garbage.report.status == .unreadable)
        #expect(garbage.report.fileSize == 10)
        let truncated = checker.check(Array(jpeg.prefix(jpeg.count / 3)), makeThumbnail: true, apiSaysPanorama: nil)
        #expect(truncated.report.status == .damaged)
        #expect(truncated.thumbnail != nil)
        // The checker is still good after bad input.
        #expect(checker.check(jpeg, makeThumbnail: true, apiSaysPanorama: nil).thumbnail != nil)
    }

    @Test("inspect(bytes:name:) equals inspect(fileAt:) but for the name")
    func inspect() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let jpeg = try Self.pano()
        let path = try Fixtures.write(jpeg, to: directory, as: "pano.jpg")
        var fromPath = ImageInspection.inspect(fileAt: path)
        let fromBytes = ImageInspection.inspect(bytes: jpeg, name: "https://example.com/pano.jpg")
        #expect(fromBytes.path == "https://example.com/pano.jpg")
        fromPath.path = fromBytes.path
        #expect(fromBytes == fromPath)
        #expect(fromBytes.verdict == .confirmed)
    }

    @Test("readFile is public: bytes of a file, or a message naming the path and the cause")
    func readFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Fixtures.write([1, 2, 3], to: directory, as: "a.jpg")
        #expect(try ImageChecker.readFile(path).get() == [1, 2, 3])
        guard case .failure(let missing) = ImageChecker.readFile(directory + "/missing.jpg") else {
            Issue.record("a missing file was read")
            return
        }
        #expect(missing.message == "Unable to read '\(directory)/missing.jpg': No such file or directory")
        #expect(missing.description == missing.message)
        guard case .failure(let folder) = ImageChecker.readFile(directory) else {
            Issue.record("a folder was read")
            return
        }
        #expect(folder.message.hasPrefix("Unable to read '\(directory)'"))
    }

    @Test("an unreadable path gives the same report as before: unreadable, the message, no size")
    func unreadablePath() throws {
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: "/nonexistent/x.jpg", thumbnailPath: "/nonexistent/t.jpg", apiSaysPanorama: nil)
        #expect(report.status == .unreadable)
        #expect(report.message == "Unable to read '/nonexistent/x.jpg': No such file or directory")
        #expect(report.fileSize == nil && report.thumbnailPath == nil && report.verdict == .unknown)
    }
}
