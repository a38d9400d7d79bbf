import Foundation
import Testing
@testable import Imaging

@Suite("XMP: hostile and malformed input")
struct HostileXMPTests {
    static let rdfOpen = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        """
    static let rdfClose = "</rdf:RDF></x:xmpmeta>"

    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        \(rdfOpen)<rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"
          GPano:ProjectionType="equirectangular" GPano:StitchingSoftware="&lol9;"/>\(rdfClose)
        """

    @Test("Billion laughs is refused before parsing, with a warning")
    func billionLaughsStandard() {
        let result = XMPReader.read(standardPacket: Array(Self.billionLaughs.utf8), extendedChunks: [])
        #expect(result.gpano == nil)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("<!DOCTYPE") == true)
        #expect(result.warnings.first?.contains("refused without parsing") == true)
    }

    @Test("Billion laughs as a verified Extended XMP is refused, the standard packet still counts")
    func billionLaughsExtended() {
        let bytes = Array(Self.billionLaughs.utf8)
        let guid = XMPFixtures.guid(bytes)
        let standard = XMPFixtures.packet(
            XMPFixtures.attributes([("ProjectionType", "equirectangular")], extra: XMPFixtures.hasExtended(guid)))
        let result = XMPReader.read(standardPacket: Array(standard.utf8), extendedChunks: XMPFixtures.chunks(bytes, size: 100))
        #expect(result.gpano?.projectionType == "equirectangular")
        #expect(result.gpano?.properties["StitchingSoftware"] == nil)
        #expect(result.extended == .failed(reason: "verified but not usable as XMP (see the warning above)"))
        #expect(result.warnings.contains { $0.hasPrefix("Extended XMP contains a markup declaration (<!DOCTYPE)") })
    }

    /// Writes a secret to a temporary file and returns (path, secret).
    static func secretFile() throws -> (String, String) {
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let path = NSTemporaryDirectory() + "mly360-xxe-\(UUID().uuidString).txt"
        try Data(secret.utf8).write(to: URL(fileURLWithPath: path))
        return (path, secret)
    }

    @Test("An external entity never leaks a local file into any output", arguments: [
        "attribute", "element", "parameter", "extended",
    ])
    func externalEntity(variant: String) throws {
        let (path, secret) = try Self.secretFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let doctype: String
        let body: String
        switch variant {
        case "parameter":
            doctype = "<!DOCTYPE x [<!ENTITY % ext SYSTEM \"file://\(path)\"> %ext;]>"
            body = XMPFixtures.attributes([("ProjectionType", "equirectangular")])
        case "element":
            doctype = "<!DOCTYPE x:xmpmeta [<!ENTITY xxe SYSTEM \"file://\(path)\">]>"
            body = XMPFixtures.elements([("ProjectionType", "&xxe;")])
        default:
            doctype = "<!DOCTYPE x:xmpmeta [<!ENTITY xxe SYSTEM \"\(path)\">]>"
            body = XMPFixtures.attributes([("ProjectionType", "&xxe;"), ("StitchingSoftware", "&xxe;")])
        }
        let document = "<?xml version=\"1.0\"?>\n\(doctype)\n\(Self.rdfOpen)\(body)\(Self.rdfClose)"
        let result: XMPMetadata
        if variant == "extended" {
            let bytes = Array(document.utf8)
            let standard = XMPFixtures.packet(
                XMPFixtures.attributes([("CaptureSoftware", "test")], extra: XMPFixtures.hasExtended(XMPFixtures.guid(bytes))))
            result = XMPReader.read(standardPacket: Array(standard.utf8), extendedChunks: XMPFixtures.chunks(bytes, size: 64))
        } else {
            result = XMPReader.read(standardPacket: Array(document.utf8), extendedChunks: [])
        }
        let everything = "\(result) \(result.warnings) \(result.extended.description) \(String(reflecting: result.gpano))"
        #expect(!everything.contains(secret))
        #expect(result.gpano?.projectionType == nil)
        #expect(result.warnings.contains { $0.contains("refused without parsing") })
    }

    @Test("An undeclared entity without a DTD is a parse error, not a leak")
    func undeclaredEntity() {
        let xml = Self.rdfOpen + XMPFixtures.attributes([("ProjectionType", "&xxe;")]) + Self.rdfClose
        let result = XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
        #expect(result.gpano == nil)
        #expect(result.warnings.contains { $0.contains("not well-formed XML") })
    }

    @Test("Markup declarations are found in any case; comments and CDATA mentioning them are fine")
    func declarationDetection() {
        #expect(XMPDocument.firstMarkupDeclaration(Array("<a><!doctype x></a>".utf8)) == "<!doctype")
        #expect(XMPDocument.firstMarkupDeclaration(Array("<a><!ENTITY x \"y\"></a>".utf8)) == "<!ENTITY")
        #expect(XMPDocument.firstMarkupDeclaration(Array("<a><!-- <!DOCTYPE --><![CDATA[<!ENTITY]]></a>".utf8)) == nil)
        let xml = Self.rdfOpen + "<!-- a <!DOCTYPE mention -->"
            + XMPFixtures.elements([("ProjectionType", "<![CDATA[equirectangular]]>")]) + Self.rdfClose
        let result = XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
        #expect(result.gpano?.projectionType == "equirectangular")
        #expect(result.warnings.isEmpty)
    }

    @Test("Invalid UTF-8 is replaced with a warning; GPano is still read")
    func invalidUTF8() throws {
        let before = Array((Self.rdfOpen + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"").utf8)
        let after = Array(("\"/>" + XMPFixtures.attributes([("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", "4000")])
            + Self.rdfClose).utf8)
        let bytes = before + [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80] + after
        let result = XMPReader.read(standardPacket: bytes, extendedChunks: [])
        #expect(result.gpano?.fullWidth == 4000)
        #expect(result.warnings.contains("standard XMP packet is not valid UTF-8 (first invalid byte at offset \(before.count)); invalid bytes were replaced"))
    }

    @Test("UTF-16 and embedded NULs are refused")
    func nulBytes() {
        let xml = Self.rdfOpen + XMPFixtures.attributes([("ProjectionType", "equirectangular")]) + Self.rdfClose
        let utf16 = xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let result = XMPReader.read(standardPacket: utf16, extendedChunks: [])
        #expect(result.gpano == nil)
        #expect(result.warnings.contains { $0.contains("NUL byte at offset 1") })
    }

    @Test("Malformed XML: a warning with the parser's error and line, no GPano", arguments: [
        ("\(rdfOpen)\n<rdf:Description rdf:about=\"\" xmlns:GPano=\"http://ns.google.com/photos/1.0/panorama/\" GPano:ProjectionType=\"equirectangular\">\n</rdf:Descr>\(rdfClose)", 3),
        ("\(rdfOpen)\n\n\n<rdf:Description GPano:ProjectionType=\"equirectangular\"/>\(rdfClose)", 4),
        ("\(rdfOpen)<rdf:Description rdf:about=\"\" xmlns:GPano=\"http://ns.google.com/photos/1.0/panorama/\" GPano:ProjectionType=\"equirectangular\"/>", 1),
        ("not xml at all", 1),
    ])
    func malformed(xml: String, line: Int) {
        let result = XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
        #expect(result.gpano == nil)
        #expect(result.warnings.count == 1)
        let warning = result.warnings.first ?? ""
        #expect(warning.hasPrefix("standard XMP packet is not well-formed XML (XMLParser error "), "\(warning)")
        #expect(warning.contains("at line \(line),"), "\(warning)")
    }

    @Test("10 MB of XML as a verified Extended XMP: verified and merged")
    func tenMegabytes() throws {
        let filler = String(repeating: "<dc:note>filler text for a very large extended packet</dc:note>\n", count: 160_000)
        let document = Self.rdfOpen
            + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\(filler)</rdf:Description>"
            + XMPFixtures.elements(Array(XMPFixtures.sphere(8000, 4000).dropFirst())) + Self.rdfClose
        let bytes = Array(document.utf8)
        #expect(bytes.count > 10_000_000)
        let guid = XMPFixtures.guid(bytes)
        let chunks = XMPFixtures.chunks(bytes, size: 65_458)
        let standard = XMPFixtures.packet(
            XMPFixtures.attributes([("ProjectionType", "equirectangular")], extra: XMPFixtures.hasExtended(guid)))
        let result = XMPReader.read(standardPacket: Array(standard.utf8), extendedChunks: chunks.reversed())
        #expect(result.extended == .verified(chunks: chunks.count, bytes: bytes.count))
        #expect(result.gpano?.fullWidth == 8000)
        #expect(result.gpano?.croppedHeight == 4000)
        #expect(result.warnings.isEmpty)
    }

    @Test("A GPano value of 10 MB is dropped with a warning")
    func hugeValue() {
        let huge = String(repeating: "9", count: 10_000_000)
        let document = Self.rdfOpen + XMPFixtures.elements([("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", huge)])
            + Self.rdfClose
        let bytes = Array(document.utf8)
        let standard = XMPFixtures.packet(
            XMPFixtures.attributes([("CaptureSoftware", "x")], extra: XMPFixtures.hasExtended(XMPFixtures.guid(bytes))))
        let result = XMPReader.read(standardPacket: Array(standard.utf8), extendedChunks: XMPFixtures.chunks(bytes, size: 65_458))
        #expect(result.gpano?.fullWidth == nil)
        #expect(result.gpano?.properties["FullPanoWidthPixels"] == nil)
        #expect(result.gpano?.projectionType == "equirectangular")
        #expect(result.warnings.contains { $0.contains("FullPanoWidthPixels is longer than 65536 bytes; ignored") })
    }

    @Test("Thousands of distinct GPano properties are capped with one warning")
    func manyProperties() throws {
        let properties = (0..<1000).map { ("Custom\($0)", "\($0)") } + [("ProjectionType", "equirectangular")]
        let xml = Self.rdfOpen + XMPFixtures.elements(properties) + Self.rdfClose
        let result = XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
        let gpano = try #require(result.gpano)
        #expect(gpano.properties.count == 256)
        #expect(result.warnings.filter { $0.contains("more than 256 GPano properties") }.count == 1)
    }

    @Test("Deep nesting (100,000 levels) is parsed without a crash; GPano before it is read")
    func deepNesting() {
        let depth = 100_000
        let xml = Self.rdfOpen + XMPFixtures.attributes([("ProjectionType", "equirectangular")])
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + Self.rdfClose
        let result = XMPReader.read(standardPacket: Array(xml.utf8), extendedChunks: [])
        #expect(result.gpano == GPano(projectionType: "equirectangular", properties: ["ProjectionType": "equirectangular"]))
        #expect(result.warnings.isEmpty)
    }
}
