import Foundation
import Testing
@testable import Imaging

/// GPS and DateTimeOriginal from the XMP `exif:` namespace, and how they fill in for missing Exif.
@Suite("XMP exif: GPS and DateTimeOriginal")
struct XMPExifTests {
    static let exifURI = "http://ns.adobe.com/exif/1.0/"

    /// A packet with `exif:` properties as attributes of one Description.
    static func attributes(_ properties: [(String, String)], prefix: String = "exif") -> [UInt8] {
        let attributes = properties.map { "\(prefix):\($0.0)=\"\($0.1)\"" }.joined(separator: " ")
        return Array(XMPFixtures.packet(
            "<rdf:Description rdf:about=\"\" xmlns:\(prefix)=\"\(exifURI)\" \(attributes)/>").utf8)
    }

    /// A packet with `exif:` properties as simple elements.
    static func elements(_ properties: [(String, String)], prefix: String = "ns1") -> [UInt8] {
        let elements = properties.map { "<\(prefix):\($0.0)>\($0.1)</\(prefix):\($0.0)>" }.joined()
        return Array(XMPFixtures.packet(
            "<rdf:Description rdf:about=\"\" xmlns:\(prefix)=\"\(exifURI)\">\(elements)</rdf:Description>", wrapper: true).utf8)
    }

    static func read(_ packet: [UInt8]) -> XMPMetadata {
        XMPReader.read(standardPacket: packet, extendedChunks: [])
    }

    static func near(_ value: Double?, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
        value.map { abs($0 - expected) <= tolerance } ?? false
    }

    @Test("DDD,MM.mmk and DDD,MM,SSk coordinates, attribute and element form, any prefix")
    func coordinates() {
        let attribute = Self.read(Self.attributes([("GPSLatitude", "0,4.218S"), ("GPSLongitude", "34,22.914E")]))
        #expect(Self.near(attribute.latitude, -4.218 / 60))
        #expect(Self.near(attribute.longitude, 34 + 22.914 / 60))
        #expect(attribute.warnings.isEmpty)
        let element = Self.read(Self.elements([("GPSLatitude", "48,15,30.5N"), ("GPSLongitude", "11,40,0W")]))
        #expect(Self.near(element.latitude, 48 + 15.0 / 60 + 30.5 / 3600))
        #expect(Self.near(element.longitude, -(11 + 40.0 / 60)))
        #expect(element.warnings.isEmpty)
    }

    @Test("altitude: rational text, GPSAltitudeRef 1 below sea level, absent above")
    func altitude() {
        let below = Self.read(Self.attributes([("GPSAltitude", "1234/10"), ("GPSAltitudeRef", "1")]))
        #expect(below.altitude == -123.4)
        let above = Self.read(Self.attributes([("GPSAltitude", "136169/100")]))
        #expect(above.altitude == 1361.69)
        #expect(above.latitude == nil && above.longitude == nil)
    }

    @Test("DateTimeOriginal: ISO 8601 with or without zone and fraction, reported in Exif form",
          arguments: [("2019-05-04T10:20:30", "2019:05:04 10:20:30"), ("2019-05-04T10:20:30Z", "2019:05:04 10:20:30"),
                      ("2019-05-04T10:20:30.25+02:00", "2019:05:04 10:20:30"), ("2008-05-25T19:31:26.0+1:00", "2008:05:25 19:31:26"),
                      ("2019-05-04T10:20-07:00", "2019:05:04 10:20:00"), ("2019:05:04 10:20:30", "2019:05:04 10:20:30")])
    func dateTime(_ text: String, _ expected: String) {
        let xmp = Self.read(Self.attributes([("DateTimeOriginal", text)]))
        #expect(xmp.dateTimeOriginal == expected)
        #expect(xmp.warnings.isEmpty)
    }

    @Test("hostile or malformed coordinates drop the whole position with a warning", arguments: [
        ("91,0N", "34,22E", "exif:GPSLatitude degrees 91 > 90"),
        ("10,60.5N", "34,22E", "exif:GPSLatitude minutes 60.5 ≥ 60"),
        ("10,5,60S", "34,22E", "exif:GPSLatitude seconds 60 ≥ 60"),
        ("10,5X", "34,22E", "'X' is not N or S"),
        ("10,5E", "34,22E", "'E' is not N or S"),
        ("10,5", "34,22E", "has no N/S reference letter"),
        ("-10,5N", "34,22E", "is not DDD,MM,SSk"),
        ("1e1,5N", "34,22E", "is not DDD,MM,SSk"),
        ("10,,5N", "34,22E", "is not DDD,MM,SSk"),
        ("nan,0N", "34,22E", "is not DDD,MM,SSk"),
        ("10,5,1,1N", "34,22E", "has 4 parts"),
        ("N", "34,22E", "is not DDD,MM,SSk"),
        ("10,5N", "180,30E", "is beyond ±180"),
        ("10,5N", "34,22N", "'N' is not E or W"),
        ("10,5N", String(repeating: "1", count: 100) + "E", "longer than 64 bytes"),
    ])
    func hostileCoordinates(_ latitude: String, _ longitude: String, _ cause: String) {
        let xmp = Self.read(Self.attributes([("GPSLatitude", latitude), ("GPSLongitude", longitude)]))
        #expect(xmp.latitude == nil && xmp.longitude == nil)
        #expect(xmp.warnings.contains { $0.hasPrefix("XMP GPS position dropped:") && $0.contains(cause) }, "\(xmp.warnings)")
    }

    @Test("a latitude without a longitude is dropped")
    func halfPosition() {
        let xmp = Self.read(Self.attributes([("GPSLatitude", "10,5N")]))
        #expect(xmp.latitude == nil && xmp.longitude == nil)
        #expect(xmp.warnings.contains { $0.contains("exif:GPSLongitude is missing") })
    }

    @Test("hostile altitudes are dropped with a warning", arguments: [
        ("1/0", nil as String?, "zero denominator"), ("12/x", nil, "is not a rational"), ("-5/1", nil, "is not a rational"),
        ("1/2/3", nil, "is not a rational"), ("inf", nil, "is not a rational"),
        ("99999999999999999999/1", nil, "is not a rational"), ("10/1", "2", "is neither 0 nor 1"), ("10/1", "below", "is neither 0 nor 1"),
    ])
    func hostileAltitude(_ altitude: String, _ ref: String?, _ cause: String) {
        let xmp = Self.read(Self.attributes([("GPSAltitude", altitude)] + (ref.map { [("GPSAltitudeRef", $0)] } ?? [])))
        #expect(xmp.altitude == nil)
        #expect(xmp.warnings.contains { $0.contains(cause) }, "\(xmp.warnings)")
    }

    @Test("malformed DateTimeOriginal is ignored with a warning", arguments: [
        "2019-13-04T10:20:30", "2019-05-04T24:00:00", "2019-05-04", "2019-05-04T10", "yesterday", "2019-05-04T10:20:30+",
        "2019-05-04T10:20:30 trailing", "2019-05-04T10:20:30.", "",
    ])
    func hostileDate(_ text: String) {
        let xmp = Self.read(Self.attributes([("DateTimeOriginal", text)]))
        #expect(xmp.dateTimeOriginal == nil)
        #expect(xmp.warnings.contains { $0.hasPrefix("XMP exif:DateTimeOriginal") }, "\(xmp.warnings)")
    }

    @Test("other namespaces and other exif: properties are not read")
    func otherNamespaces() {
        let packet = Array(XMPFixtures.packet("""
            <rdf:Description rdf:about="" xmlns:exif="http://example.com/not-exif/" xmlns:e="\(Self.exifURI)" \
            exif:GPSLatitude="10,5N" exif:GPSLongitude="34,22E" e:GPSImgDirection="1763/10"/>
            """).utf8)
        let xmp = Self.read(packet)
        #expect(xmp.latitude == nil && xmp.longitude == nil && xmp.altitude == nil)
        #expect(xmp.warnings.isEmpty)
    }

    @Test("Extended XMP fills exif: properties the standard packet lacks; the standard wins a conflict")
    func extended() {
        let serialization = Array(XMPFixtures.packet(
            "<rdf:Description rdf:about=\"\" xmlns:exif=\"\(Self.exifURI)\" exif:GPSLatitude=\"1,0N\" exif:GPSLongitude=\"2,0E\" exif:GPSAltitude=\"5/1\"/>").utf8)
        let guid = XMPFixtures.guid(serialization)
        let standard = Array(XMPFixtures.packet(
            "<rdf:Description rdf:about=\"\" xmlns:exif=\"\(Self.exifURI)\" \(XMPFixtures.hasExtended(guid)) exif:GPSLatitude=\"3,0S\"/>").utf8)
        let xmp = XMPReader.read(standardPacket: standard, extendedChunks: XMPFixtures.chunks(serialization, size: 100))
        #expect(xmp.latitude == -3 && xmp.longitude == 2 && xmp.altitude == 5)
        #expect(xmp.warnings.contains { $0.contains("exif:GPSLatitude is '3,0S' in the standard XMP") })
    }

    // MARK: Through the checker

    static func check(_ segments: [[UInt8]]) throws -> ImageReport {
        var checker = try ImageChecker(options: CheckOptions())
        return checker.check(Fixtures.inserting(segments, into: try Fixtures.jpeg()), makeThumbnail: false,
                             apiSaysPanorama: nil).report
    }

    static func xmpSegment(_ properties: [(String, String)]) -> [UInt8] {
        Fixtures.app1(Array("http://ns.adobe.com/xap/1.0/\0".utf8) + attributes(properties))
    }

    static let xmpGPS = [("GPSLatitude", "0,4.218S"), ("GPSLongitude", "34,22.914E"), ("GPSAltitude", "1000/10"),
                         ("DateTimeOriginal", "2019-05-04T10:20:30+03:00")]

    @Test("without Exif, the XMP values fill report.exif and gpsSource is xmp")
    func xmpOnly() throws {
        let report = try Self.check([Self.xmpSegment(Self.xmpGPS)])
        let exif = try #require(report.exif)
        #expect(Self.near(exif.latitude, -4.218 / 60) && Self.near(exif.longitude, 34 + 22.914 / 60))
        #expect(exif.altitude == 100)
        #expect(exif.dateTimeOriginal == "2019:05:04 10:20:30")
        #expect(exif.entries.isEmpty && exif.make == nil)
        #expect(report.gpsSource == .xmp)
    }

    @Test("Exif wins when it has a valid position; its date wins too")
    func exifWins() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [EXIFFixtures.Field(EXIFFixtures.make, .ascii("Cam"))],
            exif: [EXIFFixtures.Field(EXIFFixtures.dateTimeOriginal, .ascii("2001:02:03 04:05:06"))],
            gps: EXIFFixtures.gps(latitude: [(10, 1), (0, 1), (0, 1)], latitudeRef: "N",
                                  longitude: [(20, 1), (0, 1), (0, 1)], longitudeRef: "E")
                + [EXIFFixtures.Field(EXIFFixtures.altitude, .rational([(7, 1)]))])
        let report = try Self.check([Fixtures.app1(payload), Self.xmpSegment(Self.xmpGPS)])
        #expect(report.exif?.latitude == 10 && report.exif?.longitude == 20 && report.exif?.altitude == 7)
        #expect(report.exif?.dateTimeOriginal == "2001:02:03 04:05:06")
        #expect(report.exif?.make == "Cam")
        #expect(report.gpsSource == .exif)
    }

    @Test("an invalid Exif position gives way to a valid XMP one, with its altitude; Exif's date stays")
    func invalidExifPosition() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [EXIFFixtures.Field(EXIFFixtures.dateTimeOriginal, .ascii("2001:02:03 04:05:06"))],
            gps: EXIFFixtures.gps(latitude: [(95, 1), (0, 1), (0, 1)], latitudeRef: "N",
                                  longitude: [(20, 1), (0, 1), (0, 1)], longitudeRef: "E")
                + [EXIFFixtures.Field(EXIFFixtures.altitude, .rational([(7, 1)]))])
        let report = try Self.check([Fixtures.app1(payload), Self.xmpSegment(Self.xmpGPS)])
        #expect(report.gpsSource == .xmp)
        #expect(Self.near(report.exif?.latitude, -4.218 / 60))
        #expect(report.exif?.altitude == 100)
        #expect(report.exif?.dateTimeOriginal == "2001:02:03 04:05:06")
        #expect(report.warnings.contains { $0.hasPrefix("GPS position dropped") })
        #expect(report.warnings.contains { $0.contains("XMP exif:GPSLatitude/GPSLongitude are used") })
    }

    @Test("neither source has a position: gpsSource is nil, and an XMP with nothing useful adds no Exif")
    func noPosition() throws {
        let report = try Self.check([Self.xmpSegment([("GPSImgDirection", "1/1")])])
        #expect(report.exif == nil)
        #expect(report.gpsSource == nil)
        let exifOnly = try Self.check([Fixtures.app1(Fixtures.exifPayload(orientation: 1))])
        #expect(exifOnly.exif?.orientation == 1)
        #expect(exifOnly.gpsSource == nil)
    }

    @Test("adobe_coords.jpg: GPS only in XMP, 0.0703 S 34.3819 E, as exiftool reads it",
          .enabled(if: Fixtures.realPath("pano/adobe_coords.jpg") != nil))
    func adobeCoords() throws {
        let path = try #require(Fixtures.realPath("pano/adobe_coords.jpg"))
        var checker = try ImageChecker(options: CheckOptions())
        let report = checker.check(fileAt: path, thumbnailPath: nil, apiSaysPanorama: nil)
        let exif = try #require(report.exif)
        #expect(report.gpsSource == .xmp)
        #expect(Self.near(exif.latitude, -(4.21601 / 60)))
        #expect(Self.near(exif.longitude, 34 + 22.91611 / 60))
        #expect((exif.latitude.map { ($0 * 10000).rounded() / 10000 }) == -0.0703)
        #expect((exif.longitude.map { ($0 * 10000).rounded() / 10000 }) == 34.3819)
        #expect(exif.altitude == 1361.69)
        #expect(exif.make == "SAMSUNG")
        #expect(exif.dateTimeOriginal == "2019:07:16 10:26:11")
    }
}
