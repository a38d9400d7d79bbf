import Foundation
import Testing
@testable import Imaging

/// Lossless embedding: exiftool reads back every value, the decoded pixels do not change, a second run is a
/// no-op, GPano only for full spheres by their pixels, and a file's own metadata is kept and merged.
@Suite("Embedding metadata losslessly")
struct MetadataEmbedderTests {
    static let metadata = EmbedMetadata(
        latitude: 50.901142238256, longitude: -0.5463367458184, altitude: -15, heading: 271.25,
        capturedAt: 1_630_146_036_123, make: "GoPro", model: "GoPro Max", imageID: "26774514888887982",
        sequence: "d7DlxwUTp6JZaIWKHGtnMQ", creator: "trek<&>viewhq")

    /// exiftool -n -j -G1 of one file: tags by `Group:Name`, and by `Name` alone for the first group that is not
    /// `Composite` (exiftool's derived values).
    static func exiftool(_ bytes: [UInt8]) throws -> [String: ExiftoolValue] {
        let folder = NSTemporaryDirectory() + "mly360-embed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/x.jpg"))
        let object = Exiftool.run(["x.jpg"], in: folder)["x.jpg"] ?? [:]
        var tags = object
        for (key, value) in object.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("Composite:") {
            let name = String(key.split(separator: ":").last ?? "")
            if tags[name] == nil { tags[name] = value }
        }
        return tags
    }

    /// The full-size RGB pixels of a JPEG.
    static func pixels(_ bytes: [UInt8]) throws -> [UInt8] {
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(bytes)
        let result = decoder.decode(bytes, header: header, scaleDenominator: 1)
        return try #require(result.image).rgb
    }

    static func number(_ value: ExiftoolValue?) -> Double? {
        switch value {
        case .number(let number)?: number
        case .text(let text)?: Double(text)
        default: nil
        }
    }

    @Test("exiftool reads back every value; the pixels are identical; a second embed changes nothing",
          .enabled(if: Exiftool.path != nil, "exiftool is not installed"))
    func roundTrip() throws {
        let jpeg = try Fixtures.jpeg(width: 256, height: 128)
        let result = try MetadataEmbedder.embed(jpeg, metadata: Self.metadata)
        #expect(result.changed && result.hasGPano && result.gpanoSkipped == nil && result.warnings.isEmpty)
        #expect(result.summary == "exif+xmp+gpano")
        let tags = try Self.exiftool(result.bytes)
        #expect(abs((Self.number(tags["Composite:GPSLatitude"]) ?? 0) - 50.901142238256) < 1e-7)
        #expect(abs((Self.number(tags["Composite:GPSLongitude"]) ?? 0) - -0.5463367458184) < 1e-7)
        #expect(tags["GPSLongitudeRef"]?.description == "W" && tags["GPSLatitudeRef"]?.description == "N")
        #expect(Self.number(tags["GPSAltitude"]) == 15 && Self.number(tags["GPSAltitudeRef"]) == 1)
        #expect(Self.number(tags["Composite:GPSAltitude"]) == -15, "4294967281 unwrapped upstream: 15 m below sea level")
        #expect(Self.number(tags["GPSImgDirection"]) == 271.25)
        #expect(tags["GPSImgDirectionRef"]?.description == "T")
        #expect(tags["DateTimeOriginal"]?.description == "2021:08:28 10:20:36")
        #expect(Self.number(tags["SubSecTimeOriginal"]) == 123)
        #expect(tags["OffsetTimeOriginal"]?.description == "+00:00")
        #expect(tags["GPSDateStamp"]?.description == "2021:08:28")
        #expect(tags["GPSTimeStamp"]?.description.hasPrefix("10:20:36.123") == true)
        #expect(tags["Make"]?.description == "GoPro" && tags["Model"]?.description == "GoPro Max")
        #expect(tags["ImageUniqueID"]?.description == "26774514888887982")
        #expect(tags["Orientation"] == nil, "no Orientation tag: Mapillary images are upright")
        #expect(tags["ProjectionType"]?.description == "equirectangular")
        #expect(Self.number(tags["FullPanoWidthPixels"]) == 256 && Self.number(tags["CroppedAreaImageHeightPixels"]) == 128)
        #expect(Self.number(tags["PoseHeadingDegrees"]) == 271.25)
        #expect(tags["Creator"]?.description == "trek<&>viewhq" && tags["Sequence"]?.description == "d7DlxwUTp6JZaIWKHGtnMQ")
        #expect(tags["CreatorTool"]?.description == "mly360")
        #expect(try Self.pixels(result.bytes) == Self.pixels(jpeg), "not one pixel changes")

        let again = try MetadataEmbedder.embed(result.bytes, metadata: Self.metadata)
        #expect(!again.changed && again.bytes == result.bytes && again.hasGPano)

        // Our own reader sees what was written.
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(result.bytes, makeThumbnail: false, apiSaysPanorama: nil).report
        #expect(report.gpano?.projectionType == "equirectangular")
        #expect(report.gpsSource == .exif)
        #expect(abs((report.exif?.latitude ?? 0) - 50.901142238256) < 1e-7)
    }

    @Test("a 4:3 frame the API calls 360°, or pixels that contradict a full sphere: EXIF, never GPano",
          arguments: [(320, 240, nil as String?, "320×240 is not 2:1"), (256, 128, "inconsistent", "its pixels are inconsistent for a full sphere")])
    func noGPano(_ width: Int, _ height: Int, _ pixels: String?, _ reason: String) throws {
        var metadata = Self.metadata
        metadata.projectionPixels = pixels
        let result = try MetadataEmbedder.embed(try Fixtures.jpeg(width: width, height: height), metadata: metadata)
        #expect(result.changed && !result.hasGPano && result.gpanoSkipped == reason)
        #expect(!result.addedXMP.contains { $0.hasPrefix("GPano:") } && result.addedEXIF.contains("GPSLatitude"))
        #expect(!String(decoding: result.bytes, as: UTF8.self).contains("GPano"))
        #expect(result.summary == "exif+xmp (no GPano: \(reason))")
    }

    @Test("segments go after SOI and APP0; everything else is copied byte for byte")
    func layout() throws {
        let jpeg = try Fixtures.jpeg(width: 256, height: 128)  // TurboJPEG writes SOI, APP0 JFIF, DQT…
        let before = JPEGStructure.scan(jpeg)
        let result = try MetadataEmbedder.embed(jpeg, metadata: Self.metadata)
        let after = JPEGStructure.scan(result.bytes)
        #expect(after.segments.prefix(4).map(\.name) == ["SOI", "APP0", "APP1", "APP1"])
        #expect(after.segments[2].kind == .exif && after.segments[3].kind == .xmp)
        let added = after.segments[4].offset - after.segments[2].offset
        let firstAfterAPP0 = before.segments[2].offset
        #expect(Array(result.bytes[(firstAfterAPP0 + added)...]) == Array(jpeg[firstAfterAPP0...]))
        #expect(Array(result.bytes[..<firstAfterAPP0]) == Array(jpeg[..<firstAfterAPP0]))
    }

    @Test("not a JPEG: refused with a reason, never written")
    func refusesNonJPEG() {
        #expect(throws: ImagingError.self) { try MetadataEmbedder.embed(Array("not a jpeg".utf8), metadata: Self.metadata) }
        #expect(throws: ImagingError.self) { try MetadataEmbedder.embed([0xFF, 0xD8, 0xFF, 0xD9], metadata: Self.metadata) }
    }

    @Test("real files keep their own Exif, XMP, Extended XMP, MPF and pixels; progressive files too",
          .enabled(if: Fixtures.hasRealFiles && Exiftool.path != nil, "needs ../shared/testdata/real and exiftool"),
          arguments: ["pano/GSAG2002.JPG", "pano/R0014760.JPG", "camera/ExtendedXMP.jpg", "not-pano/examplepano.jpg",
                      "camera/33-type_error.jpg"])
    func realFiles(_ relative: String) throws {
        let path = try #require(Fixtures.realDirectory) + "/" + relative
        let jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let before = JPEGStructure.scan(jpeg)
        let beforeTags = try Self.exiftool(jpeg)
        var metadata = Self.metadata
        metadata.latitude = 10
        metadata.longitude = 20
        let result = try MetadataEmbedder.embed(jpeg, metadata: metadata)
        let after = JPEGStructure.scan(result.bytes)
        let tags = try Self.exiftool(result.bytes)
        // The file's own values win; ours fill the gaps.
        if let own = Self.number(beforeTags["GPSLatitude"]) {
            #expect(Self.number(tags["GPSLatitude"]) == own, "the camera's position is kept")
        } else {
            #expect(Self.number(tags["GPSLatitude"]) == 10)
        }
        for (key, own) in beforeTags where ["Make", "Model", "DateTimeOriginal", "ProjectionType", "FullPanoWidthPixels",
                                                 "CroppedAreaTopPixels", "GPSLongitude"].contains(String(key.split(separator: ":").last ?? ""))
            && key.contains(":") {
            #expect(tags[key]?.description == own.description, "\(key) is kept")
        }
        #expect(after.segments.filter { $0.kind == .exif }.count <= 1 && after.segments.filter { $0.kind == .xmp }.count == 1,
                "never duplicated")
        #expect(after.extendedXMPChunks == before.extendedXMPChunks, "Extended XMP chunks stay byte for byte")
        #expect(after.bytesAfterEOI == before.bytesAfterEOI && after.scanCount == before.scanCount)
        #expect(Array(result.bytes.suffix(jpeg.count - (before.segments.first { $0.marker == 0xDB }?.offset ?? 0)))
                == Array(jpeg.suffix(jpeg.count - (before.segments.first { $0.marker == 0xDB }?.offset ?? 0))),
                "from the first table to the end, every byte is the file's")
        #expect(try Self.pixels(result.bytes) == Self.pixels(jpeg))
        #expect(!(try MetadataEmbedder.embed(result.bytes, metadata: metadata)).changed, "idempotent")
    }
}
