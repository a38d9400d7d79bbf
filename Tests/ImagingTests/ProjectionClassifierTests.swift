import Foundation
import Testing
@testable import Imaging

@Suite("ProjectionClassifier")
struct ProjectionClassifierTests {
    /// One row of the verdict table.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var width: Int?
        var height: Int?
        var gpano: GPano?
        var api: Bool? = nil
        var verdict: EquirectangularVerdict
        var reason: String? = nil
        var warnings: [String] = []
        var testDescription: String { name }
    }

    static func sphere(_ w: Int, _ h: Int, type: String? = "equirectangular") -> GPano {
        GPano(projectionType: type, fullWidth: w, fullHeight: h, croppedWidth: w, croppedHeight: h, croppedLeft: 0, croppedTop: 0)
    }

    static let cases: [Case] = [
        // No readable header.
        Case(name: "nil width", width: nil, height: 2880, gpano: sphere(5760, 2880), verdict: .unknown,
             reason: "no readable header: the pixel size is unknown"),
        Case(name: "nil height", width: 5760, height: nil, gpano: nil, api: true, verdict: .unknown),
        Case(name: "zero width", width: 0, height: 10, gpano: nil, verdict: .unknown),
        // GPano equirectangular, full sphere.
        Case(name: "full sphere matches", width: 5760, height: 2880, gpano: sphere(5760, 2880), verdict: .confirmed,
             reason: "GPano equirectangular, full sphere 5760×2880, matches pixels 5760×2880"),
        Case(name: "full sphere resized", width: 2880, height: 1440, gpano: sphere(5760, 2880), verdict: .confirmed,
             reason: "GPano equirectangular, full sphere 5760×2880, matches pixels 2880×1440",
             warnings: ["resized: pixels 2880×1440 differ from the declared 5760×2880"]),
        Case(name: "aspect within 1 %", width: 5760, height: 2870, gpano: sphere(5760, 2880), verdict: .confirmed,
             warnings: ["resized: pixels 5760×2870 differ from the declared 5760×2880"]),
        Case(name: "aspect just beyond 1 %", width: 5760, height: 2850, gpano: sphere(5760, 2880), verdict: .inconsistent,
             reason: "GPano declares a full 5760×2880 sphere (2.00:1) but pixels are 5760×2850 (2.02:1)"),
        Case(name: "adobe_coords: 7776×3888 declared, 32×28 pixels", width: 32, height: 28, gpano: sphere(7776, 3888),
             verdict: .inconsistent, reason: "GPano declares a full 7776×3888 sphere (2.00:1) but pixels are 32×28 (1.14:1)"),
        Case(name: "missing crop means full", width: 4000, height: 2000,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 4000, fullHeight: 2000), verdict: .confirmed,
             reason: "GPano equirectangular, full sphere 4000×2000, matches pixels 4000×2000"),
        Case(name: "missing full means the crop is the sphere", width: 4000, height: 2000,
             gpano: GPano(projectionType: "equirectangular", croppedWidth: 4000, croppedHeight: 2000), verdict: .confirmed),
        Case(name: "full sphere that is not 2:1 is confirmed with a warning", width: 4000, height: 1000,
             gpano: sphere(4000, 1000), verdict: .confirmed, warnings: ["GPano full panorama 4000×1000 is 4.00:1, not 2:1"]),
        Case(name: "projection type case and whitespace", width: 4000, height: 2000,
             gpano: sphere(4000, 2000, type: " Equirectangular "), verdict: .confirmed),
        Case(name: "no ProjectionType: the schema default", width: 4000, height: 2000, gpano: sphere(4000, 2000, type: nil),
             verdict: .confirmed,
             reason: "GPano without ProjectionType (default equirectangular), full sphere 4000×2000, matches pixels 4000×2000"),
        // GPano equirectangular, partial.
        Case(name: "snow: partial crop matches", width: 4542, height: 1545,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 4542, fullHeight: 2271, croppedWidth: 4542,
                          croppedHeight: 1545, croppedLeft: 0, croppedTop: 347),
             verdict: .partial, reason: "GPano equirectangular, crop 4542×1545 of a 4542×2271 sphere, matches pixels 4542×1545"),
        Case(name: "partial crop resized", width: 2271, height: 772,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 4542, fullHeight: 2271, croppedWidth: 4542,
                          croppedHeight: 1545),
             verdict: .partial, warnings: ["resized: pixels 2271×772 differ from the declared 4542×1545 crop"]),
        Case(name: "partial crop, pixels disagree", width: 4000, height: 2000,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 14828, fullHeight: 7414, croppedWidth: 6872,
                          croppedHeight: 2398),
             verdict: .inconsistent,
             reason: "GPano declares a 6872×2398 crop (2.87:1) of a 14828×7414 sphere but pixels are 4000×2000 (2.00:1)"),
        Case(name: "crop larger than full", width: 5000, height: 2000,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 4000, fullHeight: 2000, croppedWidth: 5000,
                          croppedHeight: 2000),
             verdict: .inconsistent, reason: "GPano crop 5000×2000 is larger than the declared full 4000×2000 sphere"),
        // GPano equirectangular without sizes.
        Case(name: "no size fields, 2:1", width: 4096, height: 2048, gpano: GPano(projectionType: "equirectangular"),
             verdict: .confirmed, reason: "GPano equirectangular without usable size fields; pixels 4096×2048 are 2:1"),
        Case(name: "no size fields, square (ProjectionType alone is not proof)", width: 1000, height: 1000,
             gpano: GPano(projectionType: "equirectangular"), verdict: .inconsistent,
             reason: "GPano equirectangular without usable size fields, but pixels 1000×1000 are 1.00:1, not 2:1"),
        Case(name: "only a full width is no usable size", width: 4000, height: 2000,
             gpano: GPano(projectionType: "equirectangular", fullWidth: 4000), verdict: .confirmed),
        // Other projections.
        Case(name: "cylindrical", width: 4000, height: 1000, gpano: sphere(4000, 1000, type: "cylindrical"), verdict: .no,
             reason: "GPano ProjectionType is cylindrical, not equirectangular"),
        Case(name: "cylindrical, API says panorama", width: 4000, height: 1000, gpano: sphere(4000, 1000, type: "cylindrical"),
             api: true, verdict: .inconsistent,
             reason: "GPano ProjectionType is cylindrical, not equirectangular, but the API says panorama"),
        // No GPano.
        Case(name: "examplepano: 2:1 without GPano", width: 4096, height: 2048, gpano: nil, verdict: .likely,
             reason: "no GPano; pixels 4096×2048 are 2:1"),
        Case(name: "2:1 without GPano, API says panorama", width: 4096, height: 2048, gpano: nil, api: true, verdict: .likely,
             reason: "no GPano; pixels 4096×2048 are 2:1 and the API says panorama"),
        Case(name: "2:1 without GPano, API says not", width: 4096, height: 2048, gpano: nil, api: false, verdict: .likely),
        Case(name: "EAC strip, API says panorama", width: 2272, height: 736, gpano: nil, api: true, verdict: .inconsistent,
             reason: "no GPano; the API says panorama but pixels 2272×736 are 3.09:1, not 2:1"),
        Case(name: "EAC strip, API unknown", width: 2272, height: 736, gpano: nil, api: nil, verdict: .no,
             reason: "no GPano; pixels 2272×736 are 3.09:1, not 2:1"),
        Case(name: "ordinary photo, API says not", width: 3840, height: 2160, gpano: nil, api: false, verdict: .no),
    ]

    @Test("Every branch of the verdict table", arguments: cases)
    func verdictTable(row: Case) {
        let result = ProjectionClassifier.classify(
            pixelWidth: row.width, pixelHeight: row.height, gpano: row.gpano, apiSaysPanorama: row.api)
        #expect(result.verdict == row.verdict)
        if let reason = row.reason {
            #expect(result.reason == reason)
        }
        #expect(!result.reason.isEmpty)
        #expect(result.warnings == row.warnings)
    }

    /// Reference §7: the verdict expected for every real file (pixels from manifest.tsv, GPano from its XMP).
    static let realExpectations: [String: EquirectangularVerdict] = [
        "pano/GSAG2002.JPG": .confirmed, "pano/R0014760.JPG": .confirmed, "pano/sun.jpg": .confirmed,
        "pano/snow.jpg": .partial, "pano/adobe_coords.jpg": .inconsistent, "not-pano/examplepano.jpg": .likely,
        "not-pano/GS018423_1_track0.jpg": .no, "camera/DSC00001.JPG": .no, "camera/28-hex_value.jpg": .no,
        "camera/33-type_error.jpg": .no, "camera/ExtendedXMP.jpg": .no, "broken/corrupt_exif.jpg": .no,
        "odd/pil_sample_cmyk.jpg": .no, "broken/corrupted.jpg": .no, "broken/truncated_jpeg.jpg": .no,
        "broken/junk_jpeg_header.jpg": .no, "exif-only/canon_makernote_variant_1.jpg": .unknown,
        "exif-only/olympus_makernote_variant_4.jpg": .unknown, "exif-only/pentax_makernote_variant_4.jpg": .unknown,
    ]

    @Test("Real files get the verdicts of reference §7", .enabled(if: Fixtures.hasRealFiles), arguments: Fixtures.manifest)
    func realFiles(entry: Fixtures.ManifestEntry) throws {
        let expected = try #require(Self.realExpectations[entry.path], "no expectation for \(entry.path)")
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        let xmp = XMPReader.read(standardPacket: segments.xmp, extendedChunks: segments.extended)
        let result = ProjectionClassifier.classify(
            pixelWidth: entry.width, pixelHeight: entry.height, gpano: xmp.gpano, apiSaysPanorama: nil)
        #expect(result.verdict == expected, "\(result.reason)")
        #expect((xmp.gpano != nil) == (entry.fields["gpano_form"] != "none"))
    }

    @Test("Every real file has an expectation", .enabled(if: Fixtures.hasRealFiles))
    func expectationsCoverManifest() {
        #expect(Set(Fixtures.manifest.map(\.path)) == Set(Self.realExpectations.keys))
    }
}
