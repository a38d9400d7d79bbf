import Foundation
import Testing
@testable import Imaging

/// The real files in `../shared/testdata/real` (skipped when absent): sizes and hashes from `manifest.tsv`,
/// status and verdict from the expected-outcome table of the JPEG reference (§7).
@Suite("Real files", .enabled(if: Fixtures.hasRealFiles))
struct RealFileCheckTests {
    /// Expected (`jpeg_status`, `equirectangular`) for every file in the manifest.
    static let expected: [String: (JPEGStatus, EquirectangularVerdict)] = [
        "pano/GSAG2002.JPG": (.ok, .confirmed),
        "pano/R0014760.JPG": (.ok, .confirmed),
        "pano/sun.jpg": (.ok, .confirmed),
        "pano/snow.jpg": (.ok, .partial),
        "pano/adobe_coords.jpg": (.ok, .inconsistent),
        "not-pano/examplepano.jpg": (.ok, .likely),
        "not-pano/GS018423_1_track0.jpg": (.ok, .no),
        "camera/DSC00001.JPG": (.ok, .no),
        "camera/28-hex_value.jpg": (.ok, .no),
        "camera/33-type_error.jpg": (.ok, .no),
        "camera/ExtendedXMP.jpg": (.ok, .no),
        "broken/corrupt_exif.jpg": (.ok, .no),
        "odd/pil_sample_cmyk.jpg": (.ok, .no),
        "broken/corrupted.jpg": (.damaged, .no),
        "broken/truncated_jpeg.jpg": (.damaged, .no),
        "broken/junk_jpeg_header.jpg": (.damaged, .no),
        "exif-only/canon_makernote_variant_1.jpg": (.unreadable, .unknown),
        "exif-only/olympus_makernote_variant_4.jpg": (.unreadable, .unknown),
        "exif-only/pentax_makernote_variant_4.jpg": (.unreadable, .unknown),
    ]

    @Test("every manifest file has an expectation")
    func coverage() {
        #expect(Set(Fixtures.manifest.map(\.path)) == Set(Self.expected.keys))
    }

    @Test("size, SHA-256, dimensions, status and verdict match", arguments: Fixtures.manifest)
    func check(_ entry: Fixtures.ManifestEntry) throws {
        let path = try #require(Fixtures.realPath(entry.path))
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil)
        #expect(report.fileSize == entry.bytes)
        #expect(report.pixelWidth == entry.width)
        #expect(report.pixelHeight == entry.height)
        let (status, verdict) = try #require(Self.expected[entry.path])
        #expect(report.status == status)
        #expect(report.verdict == verdict)
        #expect((report.message == nil) == (status == .ok))
    }

    @Test("decoder messages of the broken files", arguments: [
        ("broken/corrupted.jpg", "Corrupt JPEG data: premature end of data segment"),
        ("broken/truncated_jpeg.jpg", "Premature end of JPEG file"),
        ("broken/junk_jpeg_header.jpg", "Corrupt JPEG data: 5 extraneous bytes before marker 0xdb"),
        ("exif-only/canon_makernote_variant_1.jpg", "Invalid JPEG file structure: two SOI markers"),
    ])
    func messages(_ file: String, _ message: String) throws {
        let path = try #require(Fixtures.realPath(file))
        var checker = try ImageChecker(options: CheckOptions())
        #expect(checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil).message == message)
    }

    @Test("structure facts: trailers after EOI, junk, invalid scan marker, missing EOI, Extended XMP order")
    func structure() throws {
        func scan(_ file: String) throws -> JPEGStructure {
            let path = try #require(Fixtures.realPath(file))
            return JPEGStructure.scan([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        let gopro = try scan("pano/GSAG2002.JPG")
        #expect(gopro.bytesAfterEOI == 196_533)
        #expect(gopro.segments.compactMap(\.kind).prefix(4) == [.xmp, .exif, .mpf, .gopro])
        #expect(try scan("camera/DSC00001.JPG").bytesAfterEOI == 951_897)
        let junk = try scan("broken/junk_jpeg_header.jpg")
        #expect(junk.junk.map(\.count) == [5] && junk.junk.first?.beforeMarker == 0xDB)
        let corrupted = try scan("broken/corrupted.jpg")
        #expect(corrupted.problems.contains("invalid marker FF 9F inside the entropy-coded data at offset 229375"))
        #expect(corrupted.endsWithEOI && corrupted.restartInterval != nil)
        #expect(try scan("broken/truncated_jpeg.jpg").problems.contains("no EOI: the file ends inside the entropy-coded data"))
        #expect(try scan("exif-only/canon_makernote_variant_1.jpg").frame == nil)
        #expect(try scan("camera/ExtendedXMP.jpg").extendedXMPChunks.map(\.offset) == [425, 0])
        #expect(try scan("camera/33-type_error.jpg").segments.compactMap { $0.kind == nil && $0.name != "COM" ? nil : $0.name }
            .prefix(4) == ["APP0", "APP1", "COM", "APP1"])
        #expect(try scan("odd/pil_sample_cmyk.jpg").adobeTransform == 2)
    }

    @Test("panorama thumbnails: 512 px long edge, one decoder for all files, after an Exif-only stub")
    func panoramaThumbnails() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checker = try ImageChecker(options: CheckOptions())
        let stub = try #require(Fixtures.realPath("exif-only/canon_makernote_variant_1.jpg"))
        #expect(checker.check(fileAt: stub, thumbnailPath: directory + "/stub.jpg", apiSaysPanorama: nil).status == .unreadable)
        for (file, size) in [("pano/GSAG2002.JPG", (512, 256)), ("pano/snow.jpg", (512, 174))] {
            let path = try #require(Fixtures.realPath(file))
            let thumbnail = directory + "/" + (file as NSString).lastPathComponent
            let report = checker.check(fileAt: path, thumbnailPath: thumbnail, apiSaysPanorama: nil)
            #expect(report.status == .ok)
            #expect(report.thumbnailPath == thumbnail)
            var decoder = try JPEGDecoder()
            let header = try decoder.readHeader([UInt8](try #require(FileManager.default.contents(atPath: thumbnail))))
            #expect((header.width, header.height) == size)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/stub.jpg"))
    }
}
