import Foundation
import Testing
@testable import Imaging

@Suite("ImageInspection")
struct ImageInspectionTests {
    static func sampleFile(in directory: String) throws -> String {
        let jpeg = Fixtures.inserting([
            Fixtures.app1(Fixtures.exifPayload(orientation: 1)),
            Fixtures.app1(Fixtures.xmpPayload(Fixtures.gpanoXMP(width: 128, height: 64))),
            Fixtures.segment(0xFE, Array("made by a test".utf8)),
        ], into: try Fixtures.jpeg(width: 128, height: 64, subsampling: .s422, progressive: true))
        return try Fixtures.write(jpeg + [9, 9, 9], to: directory, as: "sample.jpg")
    }

    @Test("collects structure, frame, colour, Exif, GPano, status and verdict, agreeing with check")
    func fields() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.sampleFile(in: directory)
        let inspection = ImageInspection.inspect(fileAt: path, options: CheckOptions())
        #expect(inspection.path == path)
        #expect((inspection.width, inspection.height) == (128, 64))
        #expect(inspection.sof == "SOF2" && inspection.coding == "progressive" && inspection.progressive == true)
        #expect(inspection.subsampling == "4:2:2")
        #expect(inspection.colorSpace == "YCbCr")
        #expect(inspection.components == "1:2x1 2:1x1 3:1x1")
        #expect(inspection.scans > 1)
        #expect(inspection.endsWithEOI && inspection.bytesAfterEOI == 3)
        #expect(inspection.comments == ["made by a test"])
        #expect(inspection.markers.first?.marker == "SOI" && inspection.markers.last?.marker == "EOI")
        #expect(inspection.markers.compactMap(\.kind).prefix(2) == ["Exif", "XMP"])
        #expect(inspection.markers.contains { $0.marker == "SOS" && ($0.entropyCodedBytes ?? 0) > 0 })
        #expect(inspection.exif.contains { $0.name == "Orientation" && $0.tag == "0x0112" && $0.ifd == "0" })
        #expect(inspection.exifSummary["orientation"] == "1")
        #expect(inspection.gpano["ProjectionType"] == "equirectangular")
        #expect(inspection.gpano["FullPanoWidthPixels"] == "128")
        #expect(inspection.extendedXMP == "absent")

        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(inspection.status == report.status && report.status == .ok)
        #expect(inspection.verdict == report.verdict && report.verdict == .confirmed)
        #expect(inspection.verdictReason == report.verdictReason)
        #expect(inspection.sha256 == nil && inspection.fileSize == report.fileSize)
        #expect(inspection.warnings == report.warnings)
    }

    @Test("text rendering: titled sections with aligned key: value lines")
    func text() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = ImageInspection.inspect(fileAt: try Self.sampleFile(in: directory), options: CheckOptions()).renderText()
        let lines = text.components(separatedBy: "\n")
        for title in ["File", "Image", "Markers", "Exif", "Exif entries", "GPano", "Equirectangular", "Warnings"] {
            #expect(lines.contains(title), "missing section \(title)")
        }
        #expect(lines.contains("  subsampling:     4:2:2"))
        #expect(lines.contains("  colour space:    YCbCr"))
        #expect(lines.contains("  verdict: confirmed"))
        #expect(lines.contains { $0.hasPrefix("  ProjectionType:") && $0.hasSuffix(" equirectangular") })
        // Within the Image section every value starts in the same column.
        let image = lines.drop { $0 != "Image" }.dropFirst().prefix { !$0.isEmpty }
        let columns = Set(image.compactMap { line -> Int? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return line[line.index(after: colon)...].prefix { $0 == " " }.count + line.distance(from: line.startIndex, to: colon)
        })
        #expect(columns.count == 1)
    }

    @Test("JSON rendering: pretty, sorted, snake_case keys, parseable")
    func json() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let json = ImageInspection.inspect(fileAt: try Self.sampleFile(in: directory), options: CheckOptions()).renderJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "ok")
        #expect(object["verdict"] as? String == "confirmed")
        #expect(object["color_space"] as? String == "YCbCr")
        #expect(object["bytes_after_eoi"] as? Int == 3)
        #expect((object["markers"] as? [[String: Any]])?.first?["marker"] as? String == "SOI")
        #expect((object["gpano"] as? [String: String])?["ProjectionType"] == "equirectangular")
        let keys = json.components(separatedBy: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys == keys.sorted())
        #expect(json.contains("\n  \"verdict_reason\" : "))
    }

    @Test("an unreadable file still inspects, with the reason")
    func unreadable() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inspection = ImageInspection.inspect(fileAt: directory + "/none.jpg", options: CheckOptions())
        #expect(inspection.status == .unreadable)
        #expect(inspection.message == "Unable to read '\(directory)/none.jpg': No such file or directory")
        #expect(inspection.verdict == .unknown)
        #expect(inspection.markers.isEmpty && inspection.fileSize == nil)
        #expect(inspection.renderText().contains("  message: Unable to read"))
    }

    @Test("real Extended XMP file: both chunks verified", .enabled(if: Fixtures.realPath("camera/ExtendedXMP.jpg") != nil))
    func extendedXMP() throws {
        let path = try #require(Fixtures.realPath("camera/ExtendedXMP.jpg"))
        let inspection = ImageInspection.inspect(fileAt: path, options: CheckOptions())
        #expect(inspection.extendedXMP.hasPrefix("verified (2 chunks"))
        #expect(inspection.markers.filter { $0.kind == "Extended XMP" }.count == 2)
    }
}
