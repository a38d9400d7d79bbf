import Foundation
import Testing
@testable import Imaging

/// The raw TIFF reader that recovers what libexif 0.6.24 drops, and its defences against hostile bytes.
@Suite("Raw TIFF fields")
struct RawTIFFFieldsTests {
    typealias F = EXIFFixtures.Field

    /// A thumbnail offset (`JPEGInterchangeFormat`, 0x0201) past the end: libexif abandons the rest of the IFD
    /// at it, here the Exif and GPS IFD pointers of IFD0, and, in the Exif IFD, DateTimeOriginal (the Galaxy
    /// Nexus files sun.jpg and snow.jpg have such an entry in their Exif IFD).
    static func bogusThumbnailPayload(_ order: EXIFFixtures.ByteOrder) -> [UInt8] {
        EXIFFixtures.payload(
            order,
            ifd0: [F(EXIFFixtures.make, .ascii("TestMake")), F(EXIFFixtures.model, .ascii("TestModel X")),
                   F(EXIFFixtures.orientation, .short([6])), F(0x0201, .long([60000]))],
            exif: [F(0x0201, .long([60000])), F(EXIFFixtures.dateTimeOriginal, .ascii("2021:02:03 04:05:06"))],
            gps: EXIFFixtures.gps(latitude: [(12, 1), (30, 1), (1500, 100)], latitudeRef: "S",
                                  longitude: [(45, 1), (15, 1), (0, 1)], longitudeRef: "W")
                + [F(EXIFFixtures.altitudeRef, .byte([1])), F(EXIFFixtures.altitude, .rational([(1234, 10)]))])
    }

    static let expectedLatitude = -(12 + 30.0 / 60 + 15.0 / 3600)
    static let expectedLongitude = -(45 + 15.0 / 60)

    @Test("libexif drops the GPS IFD and DateTimeOriginal after a bogus thumbnail offset", arguments: EXIFFixtures.ByteOrder.allCases)
    func libexifDrops(_ order: EXIFFixtures.ByteOrder) throws {
        let data = try #require(EXIFData(payload: Self.bogusThumbnailPayload(order)))
        #expect(data.field(.zero, tag: EXIFFixtures.make)?.text == "TestMake")
        #expect(data.field(.gps, tag: EXIFFixtures.latitude) == nil)
        #expect(data.field(.exif, tag: EXIFFixtures.dateTimeOriginal) == nil)
        #expect(data.logWarnings.contains { $0.contains("Tag data past end of buffer") })
    }

    @Test("EXIFReader recovers them from the raw bytes, both byte orders, with a warning", arguments: EXIFFixtures.ByteOrder.allCases)
    func recovered(_ order: EXIFFixtures.ByteOrder) throws {
        let exif = try #require(EXIFReader.read(exifPayload: Self.bogusThumbnailPayload(order)))
        #expect(exif.make == "TestMake" && exif.model == "TestModel X" && exif.orientation == 6)
        #expect(exif.dateTimeOriginal == "2021:02:03 04:05:06")
        #expect(exif.latitude.map { abs($0 - Self.expectedLatitude) < 1e-12 } == true)
        #expect(exif.longitude == Self.expectedLongitude)
        #expect(exif.altitude == -123.4)
        let warning = try #require(exif.warnings.first { $0.hasPrefix("libexif dropped") })
        for name in ["DateTimeOriginal", "GPSLatitude", "GPSLongitudeRef", "GPSAltitude"] {
            #expect(warning.contains(name), "\(warning)")
        }
        #expect(!warning.contains("Make"))
    }

    @Test("recovered values pass the same range checks: an invalid recovered position is dropped")
    func recoveredStillValidated() throws {
        let payload = EXIFFixtures.payload(
            ifd0: [F(0x0201, .long([60000]))],
            gps: EXIFFixtures.gps(latitude: [(95, 1), (0, 1), (0, 1)], latitudeRef: "N",
                                  longitude: [(10, 1), (0, 1), (0, 1)], longitudeRef: "E"))
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.latitude == nil && exif.longitude == nil)
        #expect(exif.warnings.contains { $0.contains("GPS position dropped: GPSLatitude degrees 95 > 90") })
    }

    @Test("the raw reader reads what libexif reads on an intact payload", arguments: EXIFFixtures.ByteOrder.allCases)
    func intact(_ order: EXIFFixtures.ByteOrder) throws {
        let payload = EXIFFixtures.payload(
            order, ifd0: [F(EXIFFixtures.make, .ascii("M")), F(EXIFFixtures.orientation, .short([3]))],
            exif: [F(EXIFFixtures.dateTimeOriginal, .ascii("2020:01:01 00:00:00"))],
            gps: EXIFFixtures.gps(latitude: [(1, 1), (2, 1), (3, 1)], latitudeRef: "N",
                                  longitude: [(4, 1), (5, 1), (6, 1)], longitudeRef: "E")
                + [F(EXIFFixtures.altitude, .srational([(-5, 2)]))])
        let raw = RawTIFFFields.read(exifPayload: payload)
        let data = try #require(EXIFData(payload: payload))
        for (ifd, tag) in [(EXIFData.IFD.zero, EXIFFixtures.make), (.zero, EXIFFixtures.orientation),
                           (.exif, EXIFFixtures.dateTimeOriginal), (.gps, EXIFFixtures.latitude),
                           (.gps, EXIFFixtures.longitudeRef), (.gps, EXIFFixtures.altitude)] {
            #expect(raw.field(ifd, tag: tag) == data.field(ifd, tag: tag), "\(ifd) \(tag)")
        }
        #expect(raw.problems.isEmpty)
        #expect(EXIFReader.read(exifPayload: payload)?.warnings.contains { $0.hasPrefix("libexif dropped") } == false)
    }

    /// A TIFF (after `Exif\0\0`) written by hand, big-endian.
    static func tiff(_ bytes: [UInt8]) -> [UInt8] { Array("Exif\0\0".utf8) + bytes }

    @Test("hostile structures are refused without reading out of bounds")
    func hostile() {
        // Header problems.
        #expect(RawTIFFFields.read(exifPayload: []).isEmpty)
        #expect(RawTIFFFields.read(exifPayload: Self.tiff([0x4D, 0x4D, 0, 42])).problems == ["raw Exif: the TIFF header is truncated"])
        #expect(RawTIFFFields.read(exifPayload: Self.tiff([0x4D, 0x49, 0, 42, 0, 0, 0, 8])).problems == ["raw Exif: unknown byte order"])
        #expect(RawTIFFFields.read(exifPayload: Self.tiff([0x4D, 0x4D, 0, 43, 0, 0, 0, 8])).problems == ["raw Exif: not a TIFF header (no 42)"])
        // IFD0 offset past the end.
        let far = RawTIFFFields.read(exifPayload: Self.tiff([0x4D, 0x4D, 0, 42, 0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(far.isEmpty && far.problems.first?.contains("past the end") == true)
        // 65535 entries declared, one fits; a Make whose data offset and size run past the end.
        let make: [UInt8] = [0x01, 0x0F, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0]
        let huge = RawTIFFFields.read(exifPayload: Self.tiff([0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0xFF, 0xFF] + make))
        #expect(huge.isEmpty)
        #expect(huge.problems.contains { $0.contains("declares 65535 entries but only 1 fit") })
        #expect(huge.problems.contains { $0.contains("data runs past the end") })
        // An Exif IFD pointer back at IFD0, and a GPS pointer at itself: each IFD is read once.
        let loop: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 2,
                             0x87, 0x69, 0, 4, 0, 0, 0, 1, 0, 0, 0, 8,
                             0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0]
        let looped = RawTIFFFields.read(exifPayload: Self.tiff(loop))
        #expect(looped.exif.isEmpty && looped.gps.isEmpty)
        #expect(looped.problems.filter { $0.contains("already read") }.count == 2)
        // An unknown field type.
        let typed: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x0F, 0, 99, 0, 0, 0, 1, 0x41, 0, 0, 0, 0, 0, 0, 0]
        #expect(RawTIFFFields.read(exifPayload: Self.tiff(typed)).problems.contains { $0.contains("unknown type 99") })
    }

    @Test("10,000 mutated and truncated payloads never trap, and every field's bytes match its type")
    func fuzz() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let seeds = [Self.bogusThumbnailPayload(.bigEndian), Self.bogusThumbnailPayload(.littleEndian)]
        for round in 0..<10_000 {
            var bytes = seeds[round % 2]
            for _ in 0..<(1 + next() % 8) {
                let index = 6 + next() % (bytes.count - 6)
                bytes[index] = UInt8(truncatingIfNeeded: next())
            }
            if round % 5 == 0 { bytes = Array(bytes.prefix(next() % bytes.count)) }
            let raw = RawTIFFFields.read(exifPayload: bytes)
            for field in Array(raw.ifd0.values) + Array(raw.exif.values) + Array(raw.gps.values) {
                let width = RawTIFFFields.typeWidths[field.format] ?? 4
                #expect(field.bytes.count == width * field.components)
                #expect(field.bytes.count <= bytes.count)
            }
            _ = EXIFReader.read(exifPayload: bytes)
        }
    }
}
