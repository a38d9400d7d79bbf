import Foundation
import Testing
@testable import Imaging

@Suite("XMPReader: standard packets")
struct XMPReaderTests {
    static func read(_ xml: String) -> XMPMetadata {
        XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
    }

    /// A serialization of the same full sphere and the way it is written.
    struct Form: CustomTestStringConvertible, Sendable {
        var name: String
        var xml: String
        var testDescription: String { name }
    }

    static let forms: [Form] = [
        Form(name: "attributes (Android)", xml: XMPFixtures.packet(XMPFixtures.attributes(XMPFixtures.sphere(5760, 2880)))),
        Form(name: "elements (GoPro, Ricoh)", xml: XMPFixtures.packet(XMPFixtures.elements(XMPFixtures.sphere(5760, 2880)))),
        Form(name: "elements in an xpacket wrapper",
             xml: XMPFixtures.packet(XMPFixtures.elements(XMPFixtures.sphere(5760, 2880)), wrapper: true)),
        Form(name: "odd prefix 'pano'", xml: XMPFixtures.packet(XMPFixtures.attributes(XMPFixtures.sphere(5760, 2880), prefix: "pano"))),
        Form(name: "odd prefix 'ns1', elements",
             xml: XMPFixtures.packet(XMPFixtures.elements(XMPFixtures.sphere(5760, 2880), prefix: "ns1"))),
        Form(name: "split over two Descriptions",
             xml: XMPFixtures.packet(
                XMPFixtures.attributes(Array(XMPFixtures.sphere(5760, 2880).prefix(3)))
                    + XMPFixtures.elements(Array(XMPFixtures.sphere(5760, 2880).dropFirst(3)), prefix: "G"))),
        Form(name: "reals for integers",
             xml: XMPFixtures.packet(XMPFixtures.elements([
                ("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", "5760.0"), ("FullPanoHeightPixels", "2880.000000"),
                ("CroppedAreaImageWidthPixels", " 5760 "), ("CroppedAreaImageHeightPixels", "2.88e3"),
                ("CroppedAreaLeftPixels", "-0.0"), ("CroppedAreaTopPixels", "0.000000"),
             ]))),
    ]

    @Test("Every form yields the same GPano", arguments: forms)
    func everyForm(form: Form) throws {
        let result = Self.read(form.xml)
        let gpano = try #require(result.gpano, "\(result.warnings)")
        #expect(gpano.projectionType == "equirectangular")
        #expect(gpano.fullWidth == 5760)
        #expect(gpano.fullHeight == 2880)
        #expect(gpano.croppedWidth == 5760)
        #expect(gpano.croppedHeight == 2880)
        #expect(gpano.croppedLeft == 0)
        #expect(gpano.croppedTop == 0)
        #expect(gpano.properties.count == 7)
        #expect(result.extended == .absent)
        #expect(result.warnings.isEmpty)
    }

    @Test("Text is trimmed, the heading is a real, unknown GPano properties are kept")
    func trimmingAndUnknowns() throws {
        let xml = XMPFixtures.packet(XMPFixtures.attributes([
            ("ProjectionType", "  equirectangular\n"), ("PoseHeadingDegrees", "9.5"), ("StitchingSoftware", " Samsung Gear 360"),
            ("IsPhotosphere", "True"), ("PiStitchParam", "abc"),
        ]))
        let gpano = try #require(Self.read(xml).gpano)
        #expect(gpano.projectionType == "equirectangular")
        #expect(gpano.poseHeading == 9.5)
        #expect(gpano.properties["StitchingSoftware"] == "Samsung Gear 360")
        #expect(gpano.properties["IsPhotosphere"] == "True")
        #expect(gpano.properties["PiStitchParam"] == "abc")
        #expect(gpano.fullWidth == nil)
    }

    @Test("Non-numbers leave the field nil with a warning; the raw text is kept",
          arguments: ["abc", "0x10", "inf", "nan", "", "1,5", "5760px"])
    func nonNumbers(text: String) throws {
        let result = Self.read(XMPFixtures.packet(XMPFixtures.elements([("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", text)])))
        let gpano = try #require(result.gpano)
        #expect(gpano.fullWidth == nil)
        #expect(gpano.properties["FullPanoWidthPixels"] == text.trimmingCharacters(in: .whitespaces))
        #expect(result.warnings.contains { $0.contains("FullPanoWidthPixels") && $0.contains("not a number") })
    }

    @Test("The prefix 'GPano' bound to another namespace is not GPano")
    func prefixIsNotNamespace() {
        let xml = XMPFixtures.packet("""
            <rdf:Description rdf:about="" xmlns:GPano="http://example.com/not-gpano/" GPano:ProjectionType="equirectangular">
            <GPano:FullPanoWidthPixels>5760</GPano:FullPanoWidthPixels></rdf:Description>
            """)
        #expect(Self.read(xml).gpano == nil)
    }

    @Test("Structured (non-simple) GPano values and properties outside rdf:Description are ignored")
    func nonSimpleValues() throws {
        let xml = XMPFixtures.packet("""
            <rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/">
              <GPano:ProjectionType>equirectangular</GPano:ProjectionType>
              <GPano:FullPanoWidthPixels><rdf:Seq><rdf:li>5760</rdf:li></rdf:Seq></GPano:FullPanoWidthPixels>
              <dc:title xmlns:dc="http://purl.org/dc/elements/1.1/"><GPano:FullPanoHeightPixels>2880</GPano:FullPanoHeightPixels></dc:title>
            </rdf:Description>
            """)
        let gpano = try #require(Self.read(xml).gpano)
        #expect(gpano.properties == ["ProjectionType": "equirectangular"])
    }

    @Test("No GPano, no packet, and a leading APP1 signature")
    func edges() throws {
        #expect(Self.read(XMPFixtures.packet("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"/>")) == XMPMetadata())
        #expect(XMPReader.read(standardPacket: nil, extendedChunks: []) == XMPMetadata())
        let signed = Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(XMPFixtures.packet(XMPFixtures.attributes(XMPFixtures.sphere(8, 4))).utf8)
        #expect(XMPReader.read(standardPacket: signed, extendedChunks: []).gpano?.fullWidth == 8)
        let padded = Array(XMPFixtures.packet(XMPFixtures.attributes(XMPFixtures.sphere(8, 4)), wrapper: true).utf8)
            + [UInt8](repeating: 0, count: 50) + Array("garbage".utf8)
        let result = XMPReader.read(standardPacket: padded, extendedChunks: [])
        #expect(result.gpano?.fullWidth == 8)
        #expect(result.warnings.isEmpty)
    }

    @Test("Conflicting duplicate GPano properties: the first is used, with a warning")
    func duplicates() throws {
        let xml = XMPFixtures.packet(
            XMPFixtures.attributes([("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", "100")])
                + XMPFixtures.attributes([("FullPanoWidthPixels", "200")], prefix: "P"))
        let result = Self.read(xml)
        #expect(result.gpano?.fullWidth == 100)
        #expect(result.warnings.contains { $0.contains("FullPanoWidthPixels appears twice") })
    }
}

@Suite("XMPReader: real files")
struct XMPReaderRealFileTests {
    @Test("GPano presence, form and sizes match manifest.tsv", .enabled(if: Fixtures.hasRealFiles), arguments: Fixtures.manifest)
    func manifest(entry: Fixtures.ManifestEntry) throws {
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        let result = XMPReader.read(standardPacket: segments.xmp, extendedChunks: segments.extended)
        let form = entry.fields["gpano_form"] ?? "none"
        guard form != "none" else {
            #expect(result.gpano == nil)
            return
        }
        let gpano = try #require(result.gpano, "\(result.warnings)")
        #expect(gpano.projectionType == entry.fields["projection"])
        #expect("\(gpano.croppedWidth ?? -1)x\(gpano.croppedHeight ?? -1)" == entry.fields["cropped_WxH"])
        #expect("\(gpano.fullWidth ?? -1)x\(gpano.fullHeight ?? -1)" == entry.fields["full_WxH"])
        #expect("\(gpano.croppedLeft ?? -1),\(gpano.croppedTop ?? -1)" == entry.fields["crop_left_top"])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
    }

    @Test("Reference §3: sun.jpg heading 9, THETA V no heading, adobe_coords -0.0 and a leading space",
          .enabled(if: Fixtures.hasRealFiles))
    func details() throws {
        func gpano(_ path: String) throws -> GPano {
            let segments = try #require(try XMPFixtures.realSegments(path))
            return try #require(XMPReader.read(standardPacket: segments.xmp, extendedChunks: segments.extended).gpano)
        }
        #expect(try gpano("pano/sun.jpg").poseHeading == 9.0)
        #expect(try gpano("pano/R0014760.JPG").poseHeading == nil)
        let adobe = try gpano("pano/adobe_coords.jpg")
        #expect(adobe.properties["InitialViewHeadingDegrees"] == "-0.0")
        #expect(adobe.properties["StitchingSoftware"]?.first?.isWhitespace == false)
        #expect(try gpano("pano/GSAG2002.JPG").properties["InitialVerticalFOVDegrees"] != nil)
    }
}
