import Foundation
import Testing
@testable import Imaging

@Suite("EXIFReader: synthetic payloads")
struct EXIFReaderSyntheticTests {
    typealias F = EXIFFixtures.Field

    static let goProLatitude: [(UInt32, UInt32)] = [(52, 1), (26, 1), (3_628_428, 100_000)]
    static let goProLongitude: [(UInt32, UInt32)] = [(6, 1), (53, 1), (2376, 100)]
    static let expectedLatitude = 52 + 26 / 60.0 + 36.28428 / 3600
    static let expectedLongitude = 6 + 53 / 60.0 + 23.76 / 3600

    @Test("Make, Model, DateTimeOriginal, Orientation and GPS in both byte orders", arguments: EXIFFixtures.ByteOrder.allCases)
    func basicFields(order: EXIFFixtures.ByteOrder) throws {
        let payload = EXIFFixtures.payload(
            order,
            ifd0: [F(EXIFFixtures.make, .ascii("  GoPro ")), F(EXIFFixtures.model, .ascii("GoPro Max")),
                   F(EXIFFixtures.orientation, .short([6]))],
            exif: [F(EXIFFixtures.dateTimeOriginal, .ascii("2020:05:09 14:16:30"))],
            gps: EXIFFixtures.gps(latitude: Self.goProLatitude, latitudeRef: "N", longitude: Self.goProLongitude, longitudeRef: "E")
                + [F(EXIFFixtures.altitudeRef, .byte([0])), F(EXIFFixtures.altitude, .rational([(89_426, 1000)]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.make == "GoPro")
        #expect(exif.model == "GoPro Max")
        #expect(exif.dateTimeOriginal == "2020:05:09 14:16:30")
        #expect(exif.orientation == 6)
        let latitude = try #require(exif.latitude)
        let longitude = try #require(exif.longitude)
        #expect(abs(latitude - Self.expectedLatitude) < 1e-9)
        #expect(abs(longitude - Self.expectedLongitude) < 1e-9)
        #expect(exif.altitude == 89.426)
        #expect(exif.warnings.isEmpty)
        #expect(exif.entries.contains { $0.ifd == "0" && $0.name == "Make" && $0.value.contains("GoPro") })
        #expect(exif.entries.contains { $0.ifd == "GPS" && $0.tag == 2 && $0.name == "GPSLatitude" })
        #expect(exif.entries.contains { $0.ifd == "EXIF" && $0.name == "DateTimeOriginal" })
    }

    @Test("South, west and below sea level are negative", arguments: EXIFFixtures.ByteOrder.allCases)
    func southWestBelowSeaLevel(order: EXIFFixtures.ByteOrder) throws {
        let payload = EXIFFixtures.payload(
            order, ifd0: [F(EXIFFixtures.make, .ascii("X"))],
            gps: EXIFFixtures.gps(latitude: [(0, 1), (4, 1), (1302, 100)], latitudeRef: "S",
                                  longitude: [(34, 1), (22, 1), (5484, 100)], longitudeRef: "W")
                + [F(EXIFFixtures.altitudeRef, .byte([1])), F(EXIFFixtures.altitude, .rational([(25, 2)]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect((exif.latitude ?? 0) < 0)
        #expect(near(exif.latitude, -((4 / 60.0 + 13.02 / 3600)), 1e-9))
        #expect(near(exif.longitude, -((34 + 22 / 60.0 + 54.84 / 3600)), 1e-9))
        #expect(exif.altitude == -12.5)
    }

    @Test("SRATIONAL coordinates are accepted")
    func signedRationals() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("X"))],
            gps: [F(EXIFFixtures.latitudeRef, .ascii("N")), F(EXIFFixtures.latitude, .srational([(49, 1), (54, 1), (162, 1000)])),
                  F(EXIFFixtures.longitudeRef, .ascii("E")), F(EXIFFixtures.longitude, .srational([(2, 1), (18, 1), (2232, 100)]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(near(exif.latitude, (49 + 54 / 60.0 + 0.162 / 3600), 1e-9))
        #expect(near(exif.longitude, (2 + 18 / 60.0 + 22.32 / 3600), 1e-9))
    }

    /// One invalid GPS position and the cause its warning must name.
    struct BadPosition: CustomTestStringConvertible, Sendable {
        var name: String
        var latitude: EXIFFixtures.Value
        var latitudeRef: String = "N"
        var longitude: EXIFFixtures.Value = .rational([(11, 1), (40, 1), (30, 1)])
        var longitudeRef: String = "E"
        var cause: String
        var testDescription: String { name }
    }

    static let badPositions: [BadPosition] = [
        BadPosition(name: "minutes 60", latitude: .rational([(48, 1), (60, 1), (0, 1)]), cause: "GPSLatitude minutes 60 ≥ 60"),
        BadPosition(name: "seconds 595404.032 (Xiaomi)", latitude: .rational([(48, 1), (15, 1), (595_404_032, 1000)]),
                    cause: "GPSLatitude seconds 595404.032 ≥ 60"),
        BadPosition(name: "latitude 91°", latitude: .rational([(91, 1), (0, 1), (0, 1)]), cause: "GPSLatitude degrees 91 > 90"),
        BadPosition(name: "longitude 181°", latitude: .rational([(48, 1), (0, 1), (0, 1)]),
                    longitude: .rational([(181, 1), (0, 1), (0, 1)]), cause: "GPSLongitude degrees 181 > 180"),
        BadPosition(name: "90° 30′ is beyond ±90", latitude: .rational([(90, 1), (30, 1), (0, 1)]),
                    cause: "GPSLatitude 90.5 is beyond ±90"),
        BadPosition(name: "Ref X", latitude: .rational([(48, 1), (0, 1), (0, 1)]), latitudeRef: "X",
                    cause: "GPSLatitudeRef 'X' is not N or S"),
        BadPosition(name: "longitude Ref N", latitude: .rational([(48, 1), (0, 1), (0, 1)]), longitudeRef: "N",
                    cause: "GPSLongitudeRef 'N' is not E or W"),
        BadPosition(name: "zero denominator", latitude: .rational([(48, 1), (15, 0), (0, 1)]),
                    cause: "GPSLatitude minutes has a zero denominator (15/0)"),
        BadPosition(name: "0/0 seconds", latitude: .rational([(48, 1), (15, 1), (0, 0)]),
                    cause: "GPSLatitude seconds has a zero denominator (0/0)"),
        BadPosition(name: "SHORT instead of RATIONAL", latitude: .short([48, 15, 3]),
                    cause: "GPSLatitude has format SHORT (expected RATIONAL)"),
        BadPosition(name: "ASCII instead of RATIONAL", latitude: .ascii("48.25"),
                    cause: "GPSLatitude has format ASCII (expected RATIONAL)"),
        BadPosition(name: "four components", latitude: .rational([(48, 1), (1, 1), (1, 1), (1, 1)]),
                    cause: "GPSLatitude has 4 components (expected 3)"),
        BadPosition(name: "negative SRATIONAL degrees", latitude: .srational([(-48, 1), (0, 1), (0, 1)]),
                    cause: "GPSLatitude degrees -48 is negative"),
    ]

    @Test("An invalid position is dropped whole with a warning naming the cause", arguments: badPositions)
    func invalidPositionDropped(bad: BadPosition) throws {
        for order in EXIFFixtures.ByteOrder.allCases {
            let payload = EXIFFixtures.payload(
                order, ifd0: [F(EXIFFixtures.make, .ascii("Xiaomi"))],
                gps: [F(EXIFFixtures.latitudeRef, .ascii(bad.latitudeRef)), F(EXIFFixtures.latitude, bad.latitude),
                      F(EXIFFixtures.longitudeRef, .ascii(bad.longitudeRef)), F(EXIFFixtures.longitude, bad.longitude)])
            let exif = try #require(EXIFReader.read(exifPayload: payload))
            #expect(exif.latitude == nil, "\(order)")
            #expect(exif.longitude == nil, "\(order)")
            #expect(exif.make == "Xiaomi")
            #expect(exif.warnings.contains { $0.hasPrefix("GPS position dropped: ") && $0.contains(bad.cause) },
                    "\(order): \(exif.warnings)")
        }
    }

    @Test("A position with only a latitude, or without a Ref, is dropped")
    func incompletePosition() throws {
        let onlyLatitude = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("X"))],
            gps: [F(EXIFFixtures.latitudeRef, .ascii("N")), F(EXIFFixtures.latitude, .rational([(48, 1), (0, 1), (0, 1)]))])
        let first = try #require(EXIFReader.read(exifPayload: onlyLatitude))
        #expect(first.latitude == nil && first.longitude == nil)
        #expect(first.warnings.contains("GPS position dropped: GPSLongitude is missing"))

        let noRef = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("X"))],
            gps: [F(EXIFFixtures.latitude, .rational([(48, 1), (0, 1), (0, 1)])), F(EXIFFixtures.longitudeRef, .ascii("E")),
                  F(EXIFFixtures.longitude, .rational([(2, 1), (0, 1), (0, 1)]))])
        let second = try #require(EXIFReader.read(exifPayload: noRef))
        #expect(second.latitude == nil && second.longitude == nil)
        #expect(second.warnings.contains("GPS position dropped: GPSLatitudeRef is missing"))
    }

    @Test("A RATIONAL GPSAltitudeRef (OnePlus) drops the altitude with a warning; the position stays")
    func mistypedAltitudeRef() throws {
        let payload = EXIFFixtures.payload(
            .littleEndian, ifd0: [F(EXIFFixtures.make, .ascii("OnePlus"))],
            gps: EXIFFixtures.gps(latitude: [(48, 1), (4, 1), (1_084_333, 20948)], latitudeRef: "N",
                                  longitude: [(1, 1), (40, 1), (18176, 4299)], longitudeRef: "W")
                + [F(EXIFFixtures.altitudeRef, .rational([(0, 100)])), F(EXIFFixtures.altitude, .rational([(120, 1)]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.altitude == nil)
        #expect(exif.warnings.contains {
            $0.contains("GPSAltitudeRef has format RATIONAL (expected BYTE)") && $0.contains("dropped") })
        #expect(near(exif.latitude, 48.0810453, 1e-6))
        #expect(near(exif.longitude, -(1.6678411), 1e-6))
    }

    @Test("A zero-denominator altitude is dropped; the position stays")
    func zeroDenominatorAltitude() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("X"))],
            gps: EXIFFixtures.gps(latitude: [(10, 1), (0, 1), (0, 1)], latitudeRef: "N",
                                  longitude: [(20, 1), (0, 1), (0, 1)], longitudeRef: "E")
                + [F(EXIFFixtures.altitude, .rational([(5, 0)]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.latitude == 10 && exif.longitude == 20)
        #expect(exif.altitude == nil)
        #expect(exif.warnings.contains("GPS altitude dropped: GPSAltitude has a zero denominator (5/0)"))
    }

    @Test("DateTimeOriginal stored only in IFD0 is found; the Exif IFD wins when both exist")
    func dateTimeOriginalLocation() throws {
        let ifd0Only = EXIFFixtures.payload(ifd0: [F(EXIFFixtures.dateTimeOriginal, .ascii("2019:01:02 03:04:05"))])
        #expect(EXIFReader.read(exifPayload: ifd0Only)?.dateTimeOriginal == "2019:01:02 03:04:05")

        let both = EXIFFixtures.payload(
            .littleEndian, ifd0: [F(EXIFFixtures.dateTimeOriginal, .ascii("2019:01:02 03:04:05"))],
            exif: [F(EXIFFixtures.dateTimeOriginal, .ascii("2020:12:31 23:59:59"))])
        #expect(EXIFReader.read(exifPayload: both)?.dateTimeOriginal == "2020:12:31 23:59:59")
    }

    @Test("Empty or blank Make and Model are nil; Orientation outside 1…8 is nil with a warning")
    func blanksAndOrientation() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("   ")), F(EXIFFixtures.model, .ascii("")), F(EXIFFixtures.orientation, .short([9]))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.make == nil)
        #expect(exif.model == nil)
        #expect(exif.orientation == nil)
        #expect(exif.warnings.contains("Orientation 9 is not 1…8; ignored"))
    }

    @Test("The MakerNote is listed by size and never formatted")
    func makerNoteNotDecoded() throws {
        let note = Array("Nikon\0".utf8) + [UInt8](repeating: 0x41, count: 40)
        let payload = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("NIKON"))], exif: [F(EXIFFixtures.makerNote, .undefined(note))])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        let entry = try #require(exif.entries.first { $0.tag == 0x927C })
        #expect(entry.value == "(MakerNote, \(note.count) bytes, not decoded)")
        #expect(entry.ifd == "EXIF")
    }

    @Test("No Exif entries means nil", arguments: [
        [UInt8](), Array("Exif\0\0".utf8), Array("Exif\0\0MM\0\u{2A}\0\0\0\u{08}\0\0\0\0\0\0".utf8),
        Array("not exif at all, just some text".utf8), [UInt8](repeating: 0xFF, count: 300),
    ])
    func noEntries(payload: [UInt8]) {
        #expect(EXIFReader.read(exifPayload: payload) == nil)
    }

    @Test("Truncated and corrupted payloads never crash")
    func truncatedPayloads() {
        let payload = EXIFFixtures.payload(
            ifd0: [F(EXIFFixtures.make, .ascii("Canon")), F(EXIFFixtures.model, .ascii("Canon PowerShot S70"))],
            exif: [F(EXIFFixtures.dateTimeOriginal, .ascii("2019:01:02 03:04:05"))],
            gps: EXIFFixtures.gps(latitude: Self.goProLatitude, latitudeRef: "N", longitude: Self.goProLongitude, longitudeRef: "E"))
        var sawWarning = false
        for length in stride(from: 6, through: payload.count, by: 3) {
            let result = EXIFReader.read(exifPayload: Array(payload.prefix(length)))
            if let result, !result.warnings.isEmpty { sawWarning = true }
            if let result, let latitude = result.latitude {
                #expect(abs(latitude - Self.expectedLatitude) < 1e-9)
            }
        }
        #expect(sawWarning, "libexif's corrupt-data log should surface for some truncation")
        var scrambled = payload
        for index in stride(from: 14, to: scrambled.count, by: 7) { scrambled[index] ^= 0xA5 }
        _ = EXIFReader.read(exifPayload: scrambled)
    }
}

@Suite("EXIFReader: real files")
struct EXIFReaderRealFileTests {
    /// Files with an Exif APP1 and libexif log lines they must produce.
    static let logExpectations: [(String, String)] = [
        ("pano/sun.jpg", "Tag data past end of buffer (321 > 347)"),
        ("pano/snow.jpg", "Tag data past end of buffer (429 > 455)"),
        ("camera/28-hex_value.jpg", "Too much tags (4352) in Canon MakerNote"),
    ]

    /// Files whose manifest position is stored only in XMP (`exif:GPSLatitude`), not in the Exif GPS IFD.
    static let xmpOnlyGPS: Set<String> = ["pano/adobe_coords.jpg"]

    @Test("GPS and presence of Exif match manifest.tsv", .enabled(if: Fixtures.hasRealFiles), arguments: Fixtures.manifest)
    func manifestGPS(entry: Fixtures.ManifestEntry) throws {
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        let exif = segments.exif.flatMap { EXIFReader.read(exifPayload: $0) }
        let notes = entry.fields["libexif_0.6.24_notes"] ?? ""
        if notes.hasPrefix("no Exif") {
            #expect(exif == nil)
        }
        let gps = entry.fields["gps"] ?? "none"
        if Self.xmpOnlyGPS.contains(entry.path) {
            // exiftool's manifest position comes from XMP exif:GPSLatitude; the Exif has no GPS IFD.
            #expect(exif != nil)
            #expect(exif?.latitude == nil && exif?.longitude == nil)
        } else if gps == "none" {
            #expect(exif?.latitude == nil && exif?.longitude == nil)
        } else {
            let parts = gps.split(separator: " ")
            let latitude = try #require(Double(parts[0].dropLast())) * (parts[0].hasSuffix("S") ? -1 : 1)
            let longitude = try #require(Double(parts[1].dropLast())) * (parts[1].hasSuffix("W") ? -1 : 1)
            #expect(near(exif?.latitude, latitude, 6e-5))
            #expect(near(exif?.longitude, longitude, 6e-5))
        }
        if let exif {
            #expect(!exif.entries.isEmpty)
            #expect(exif.entries.allSatisfy { ["0", "1", "EXIF", "GPS", "Interoperability"].contains($0.ifd) })
            for note in exif.entries where note.tag == 0x927C {
                #expect(note.value.hasPrefix("(MakerNote, ") && note.value.hasSuffix(" bytes, not decoded)"))
            }
        }
    }

    @Test("libexif's corrupt-data log lines become warnings", .enabled(if: Fixtures.hasRealFiles), arguments: logExpectations)
    func logLines(path: String, message: String) throws {
        let segments = try #require(try XMPFixtures.realSegments(path))
        let payload = try #require(segments.exif)
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.warnings.contains { $0.contains(message) }, "\(exif.warnings)")
    }

    @Test("GoPro MAX: the values the reference measured", .enabled(if: Fixtures.hasRealFiles))
    func goProMax() throws {
        let segments = try #require(try XMPFixtures.realSegments("pano/GSAG2002.JPG"))
        let payload = try #require(segments.exif)
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        // Reference §4.2: 52° 26′ 36.28428″ N, 6° 53′ 23.76″ E (seconds rounded there; exiftool: 6.8899343).
        #expect(near(exif.latitude, 52 + 26 / 60.0 + 36.28428 / 3600, 1e-9))
        #expect(near(exif.longitude, 6.8899343, 1e-7))
        #expect(near(exif.altitude, 89.426, 1e-9))
        #expect(exif.entries.count == 57)
        #expect(exif.entries.contains { $0.tag == 0x927C && $0.value.contains("not decoded") })
    }

    @Test("OnePlus corrupt_exif.jpg: RATIONAL GPSAltitudeRef is survived, position kept", .enabled(if: Fixtures.hasRealFiles))
    func corruptExif() throws {
        let segments = try #require(try XMPFixtures.realSegments("broken/corrupt_exif.jpg"))
        let payload = try #require(segments.exif)
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.make == "OnePlus")
        #expect(exif.altitude == nil)
        #expect(exif.warnings.contains { $0.contains("GPSAltitudeRef has format RATIONAL (expected BYTE)") })
        #expect(near(exif.latitude, 48.0810453000028, 1e-9))
        #expect(near(exif.longitude, -(1.6678410999975), 1e-9))
    }
}

/// True when `value` is present and within `tolerance` of `expected`.
func near(_ value: Double?, _ expected: Double, _ tolerance: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}
