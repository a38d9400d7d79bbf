import Foundation
import Testing
@testable import Imaging

/// Each bad input gets a defined status and message, nothing crashes, and the same checker then checks a
/// good file correctly.
@Suite("Bad input")
struct BadInputTests {
    enum Case: String, CaseIterable, Sendable {
        case truncatedInScan, truncatedInHeaders, entropyDamaged, junkBetweenMarkers, exifOnly, zeroLength, notJPEG, absurdDimensions
        case directory, danglingSymlink, symlinkLoop, missing
    }

    struct Expectation {
        var status: JPEGStatus
        var message: String
        var messageIsPrefix = false
        var verdict: EquirectangularVerdict
        var size: (Int, Int)?
    }

    /// Creates the bad file in `directory` and says what the checker must report.
    static func make(_ kind: Case, in directory: String) throws -> (path: String, expect: Expectation) {
        let good = try Fixtures.jpeg(width: 64, height: 32)
        let path = directory + "/\(kind.rawValue).jpg"
        switch kind {
        case .truncatedInScan:
            try Fixtures.write(Fixtures.truncatedInScan(good), to: directory, as: "truncatedInScan.jpg")
            return (path, Expectation(status: .damaged, message: "Premature end of JPEG file", verdict: .likely, size: (64, 32)))
        case .truncatedInHeaders:
            let dht = try #require(JPEGStructure.scan(good).segments.first { $0.name == "DHT" })
            try Fixtures.write(Fixtures.truncated(good, to: dht.offset + 20), to: directory, as: "truncatedInHeaders.jpg")
            return (path, Expectation(
                status: .unreadable, message: "no image size in the header (0×0): the file is cut short or holds only tables",
                verdict: .unknown))
        case .entropyDamaged:
            try Fixtures.write(Fixtures.damagingEntropyData(try Fixtures.jpeg(width: 64, height: 64)), to: directory, as: "entropyDamaged.jpg")
            return (path, Expectation(status: .damaged, message: "Corrupt JPEG data", messageIsPrefix: true, verdict: .no, size: (64, 64)))
        case .junkBetweenMarkers:
            try Fixtures.write(Fixtures.insertingJunk(good, count: 5), to: directory, as: "junkBetweenMarkers.jpg")
            return (path, Expectation(status: .damaged, message: "Corrupt JPEG data: 5 extraneous bytes before marker 0xdb", verdict: .likely, size: (64, 32)))
        case .exifOnly:
            let stub = [0xFF, 0xD8] + Fixtures.app1(Fixtures.exifPayload(orientation: 1)) + [0xFF, 0xD8, 0xFF, 0xD9]
            try Fixtures.write(stub, to: directory, as: "exifOnly.jpg")
            return (path, Expectation(status: .unreadable, message: "Invalid JPEG file structure: two SOI markers", verdict: .unknown))
        case .zeroLength:
            try Fixtures.write([], to: directory, as: "zeroLength.jpg")
            return (path, Expectation(status: .unreadable, message: "empty file", verdict: .unknown))
        case .notJPEG:
            try Fixtures.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], to: directory, as: "notJPEG.jpg")
            return (path, Expectation(status: .unreadable, message: "not a JPEG: starts with 89 50 4E 47", verdict: .unknown))
        case .absurdDimensions:
            try Fixtures.write(Fixtures.patchingFrameSize(good, width: 65535, height: 65535), to: directory, as: "absurdDimensions.jpg")
            return (path, Expectation(
                status: .unreadable, message: "declares 65535×65535 = 4294836225 pixels, over the 200000000-pixel limit (--max-pixels)",
                verdict: .no, size: (65535, 65535)))
        case .directory:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            return (path, Expectation(status: .unreadable, message: "Unable to read '\(path)': Is a directory", verdict: .unknown))
        case .danglingSymlink:
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory + "/nowhere.jpg")
            return (path, Expectation(status: .unreadable, message: "Unable to read '\(path)': No such file or directory", verdict: .unknown))
        case .symlinkLoop:
            let other = directory + "/loop-b.jpg"
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: other)
            try FileManager.default.createSymbolicLink(atPath: other, withDestinationPath: path)
            return (path, Expectation(status: .unreadable, message: "Unable to read '\(path)': Too many levels of symbolic links", verdict: .unknown))
        case .missing:
            return (path, Expectation(status: .unreadable, message: "Unable to read '\(path)': No such file or directory", verdict: .unknown))
        }
    }

    @Test("defined status and message, then the next good file is fine", arguments: Case.allCases)
    func badThenGood(_ kind: Case) throws {
        let directory = try Fixtures.temporaryDirectory("bad-\(kind.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (path, expect) = try Self.make(kind, in: directory)
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 32))
        let report = checker.check(fileAt: path, thumbnailPath: directory + "/thumbs/bad.jpg", apiSaysPanorama: nil)
        #expect(report.status == expect.status)
        let message = try #require(report.message)
        if expect.messageIsPrefix {
            #expect(message.hasPrefix(expect.message))
        } else {
            #expect(message == expect.message)
        }
        #expect(report.verdict == expect.verdict)
        #expect(!report.verdictReason.isEmpty)
        #expect(report.pixelWidth == expect.size?.0 && report.pixelHeight == expect.size?.1)
        // Damaged files still produced pixels, so they get a thumbnail; unreadable ones do not.
        #expect((report.thumbnailPath != nil) == (expect.status == .damaged))

        let goodPath = try Fixtures.write(try Fixtures.jpeg(width: 48, height: 24), to: directory, as: "good.jpg")
        let next = checker.check(fileAt: goodPath, thumbnailPath: directory + "/thumbs/good.jpg", apiSaysPanorama: nil)
        #expect(next.status == .ok)
        #expect(next.message == nil)
        #expect(next.thumbnailPath != nil)
        #expect((next.pixelWidth, next.pixelHeight) == (48, 24))
    }

    @Test("a real CMYK/YCCK file is ok and gets a thumbnail",
          .enabled(if: Fixtures.realPath("odd/pil_sample_cmyk.jpg") != nil))
    func cmyk() throws {
        let path = try #require(Fixtures.realPath("odd/pil_sample_cmyk.jpg"))
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 50))
        let report = checker.check(fileAt: path, thumbnailPath: directory + "/cmyk.jpg", apiSaysPanorama: nil)
        #expect(report.status == .ok)
        #expect(report.message == nil)
        #expect(report.thumbnailPath != nil)
        #expect(ImageInspection.inspect(fileAt: path, options: CheckOptions()).colorSpace == "YCCK")
    }
}
