import Foundation
import Testing
@testable import Imaging

@Suite("JPEG structure scanner")
struct JPEGStructureTests {
    @Test("a clean baseline JPEG: SOI … SOS … EOI, frame and sampling factors")
    func baseline() throws {
        let jpeg = try Fixtures.jpeg(width: 64, height: 32, subsampling: .s420)
        let s = JPEGStructure.scan(jpeg)
        #expect(s.startsWithSOI)
        #expect(s.problems.isEmpty)
        #expect(s.segments.first?.name == "SOI")
        #expect(s.segments.last?.name == "EOI")
        #expect(s.eoiOffset == jpeg.count - 2)
        #expect(s.bytesAfterEOI == 0)
        #expect(s.scanCount == 1)
        let frame = try #require(s.frame)
        #expect(frame.coding == .baseline)
        #expect(!frame.isProgressive)
        #expect((frame.width, frame.height, frame.precision) == (64, 32, 8))
        #expect(frame.components.map(\.horizontalSampling) == [2, 1, 1])
        #expect(frame.components.map(\.verticalSampling) == [2, 1, 1])
        let sos = try #require(s.segments.first { $0.name == "SOS" })
        #expect(sos.offset + 2 + sos.length + (sos.entropyCodedLength ?? -1) == jpeg.count - 2)
    }

    @Test("progressive JPEGs have several scans and are flagged progressive")
    func progressive() throws {
        let s = JPEGStructure.scan(try Fixtures.jpeg(width: 48, height: 48, progressive: true))
        #expect(s.frame?.coding == .progressive)
        #expect(s.frame?.isProgressive == true)
        #expect(s.scanCount > 1)
        #expect(s.problems.isEmpty)
    }

    @Test("APPn segments are identified by payload signature, in any order, with COM between them")
    func applicationSegments() throws {
        let xml = Fixtures.gpanoXMP(width: 64, height: 32)
        let exif = Fixtures.exifPayload(orientation: 6)
        let extended = Fixtures.extendedXMPPayload(
            guid: "0123456789ABCDEF0123456789ABCDEF", fullLength: 10, offset: 4, data: Array("abcdef".utf8))
        let adobe = Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 2]
        let jpeg = Fixtures.inserting([
            Fixtures.app1(Fixtures.xmpPayload(xml)),
            Fixtures.app1(exif),
            Fixtures.segment(0xFE, Array("hello, world".utf8)),
            Fixtures.app1(extended),
            Fixtures.segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1]),
            Fixtures.segment(0xE6, Array("GoPro".utf8) + [0, 0]),
            Fixtures.segment(0xEE, adobe),
            Fixtures.segment(0xE5, Array("Rtdbgdt".utf8)),
        ], into: try Fixtures.jpeg())
        let s = JPEGStructure.scan(jpeg)
        let kinds = s.segments.compactMap(\.kind)
        #expect(kinds == [.xmp, .exif, .extendedXMP, .icc, .gopro, .adobe, .other, .jfif])
        #expect(s.exifPayload == exif)
        #expect(s.xmpPacket == Array(xml.utf8))
        #expect(s.extendedXMPChunks == [ExtendedXMPChunk(
            guid: "0123456789ABCDEF0123456789ABCDEF", fullLength: 10, offset: 4, data: Array("abcdef".utf8))])
        #expect(s.comments == ["hello, world"])
        #expect(s.adobeTransform == 2)
        #expect(s.frame?.width == 64)
        #expect(s.problems.isEmpty)
    }

    @Test("an Extended XMP chunk with a malformed header is noted, not returned")
    func malformedExtendedXMP() throws {
        let short = Array("http://ns.adobe.com/xmp/extension/\0".utf8) + Array("ABCDEF".utf8)
        let badGUID = Fixtures.extendedXMPPayload(
            guid: "not-a-guid-not-a-guid-not-a-guid", fullLength: 3, offset: 0, data: [1, 2, 3])
        let s = JPEGStructure.scan(Fixtures.inserting([Fixtures.app1(short), Fixtures.app1(badGUID)], into: try Fixtures.jpeg()))
        #expect(s.extendedXMPChunks.isEmpty)
        #expect(s.problems.count == 2)
        #expect(s.problems.contains { $0.contains("too short") })
        #expect(s.problems.contains { $0.contains("GUID") })
        #expect(s.frame != nil)
    }

    @Test("SOI/SOS/EOI bytes inside an Exif block (its thumbnail) do not fool the walk")
    func embeddedThumbnailBytes() throws {
        let inner = try Fixtures.jpeg(width: 16, height: 16)
        let exif = Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8] + inner
        let base = try Fixtures.jpeg(width: 64, height: 32)
        let jpeg = Fixtures.inserting([Fixtures.app1(exif)], into: base)
        let s = JPEGStructure.scan(jpeg)
        #expect(s.frame?.width == 64)
        #expect(s.scanCount == 1)
        #expect(s.eoiOffset == jpeg.count - 2)
        #expect(s.problems.isEmpty)
    }

    @Test("bytes after EOI are counted, not walked")
    func trailer() throws {
        let jpeg = try Fixtures.jpeg()
        let s = JPEGStructure.scan(jpeg + [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3])
        #expect(s.eoiOffset == jpeg.count - 2)
        #expect(s.bytesAfterEOI == 7)
        #expect(s.problems.isEmpty)
    }

    @Test("junk between markers is located and counted like libjpeg does")
    func junk() throws {
        let jpeg = Fixtures.insertingJunk(try Fixtures.jpeg(), count: 5)
        let s = JPEGStructure.scan(jpeg)
        let dqt = try #require(s.segments.first { $0.name == "DQT" })
        #expect(s.junk == [JPEGStructure.Junk(offset: dqt.offset - 5, count: 5, beforeMarker: 0xDB)])
        #expect(s.problems == ["5 junk bytes before marker 0xDB at offset \(dqt.offset - 5)"])
        #expect(s.frame != nil && s.endsWithEOI)
    }

    @Test("fill FF bytes before a marker are legal")
    func fillBytes() throws {
        let jpeg = try Fixtures.jpeg()
        let s = JPEGStructure.scan(Array(jpeg[0..<2]) + [0xFF, 0xFF, 0xFF] + Array(jpeg[2...]))
        #expect(s.junk.isEmpty)
        #expect(s.problems.isEmpty)
    }

    @Test("a file cut inside the entropy-coded data has no EOI")
    func truncatedInScan() throws {
        let jpeg = try Fixtures.jpeg(width: 64, height: 64)
        let s = JPEGStructure.scan(Fixtures.truncated(jpeg, to: jpeg.count - 40))
        #expect(!s.endsWithEOI)
        #expect(s.problems == ["no EOI: the file ends inside the entropy-coded data"])
        #expect(s.frame?.width == 64)
    }

    @Test("a segment whose length runs past the end of the file is reported")
    func truncatedSegment() throws {
        let jpeg = try Fixtures.jpeg()
        let dqt = try #require(JPEGStructure.scan(jpeg).segments.first { $0.name == "DQT" })
        let s = JPEGStructure.scan(Fixtures.truncated(jpeg, to: dqt.offset + 10))
        #expect(s.problems.first == "segment DQT at offset \(dqt.offset) declares length \(dqt.length) past the end of the file (8 bytes left)")
        #expect(s.frame == nil)
        #expect(!s.endsWithEOI)
    }

    @Test("not a JPEG, empty, SOI only")
    func notJPEG() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        #expect(JPEGStructure.scan(png).problems == ["not a JPEG: starts with 89 50 4E 47"])
        #expect(!JPEGStructure.scan(png).startsWithSOI)
        #expect(JPEGStructure.scan([]).problems == ["empty file"])
        #expect(JPEGStructure.scan([0xFF]).problems == ["not a JPEG: starts with FF"])
        let soiOnly = JPEGStructure.scan([0xFF, 0xD8])
        #expect(soiOnly.startsWithSOI)
        #expect(soiOnly.problems.contains("no EOI: the file ends at offset 2 without an EOI marker"))
        #expect(soiOnly.problems.contains("no frame header (SOFn): the file holds no image"))
    }

    @Test("an Exif-only stub (SOI, APP1, SOI, EOI) has no frame and a second SOI")
    func exifOnlyStub() {
        let stub = [0xFF, 0xD8] + Fixtures.app1(Fixtures.exifPayload(orientation: 1)) + [0xFF, 0xD8, 0xFF, 0xD9]
        let s = JPEGStructure.scan(stub)
        #expect(s.frame == nil)
        #expect(s.exifPayload == Fixtures.exifPayload(orientation: 1))
        #expect(s.problems == ["a second SOI marker at offset \(stub.count - 4)", "no frame header (SOFn): the file holds no image"])
        #expect(s.eoiOffset == stub.count - 2)
    }

    @Test("absurd declared sizes are recorded as declared")
    func absurdSize() throws {
        let s = JPEGStructure.scan(Fixtures.patchingFrameSize(try Fixtures.jpeg(), width: 65535, height: 65535))
        #expect(s.frame?.width == 65535 && s.frame?.height == 65535)
    }

    @Test("every prefix and many byte flips of a JPEG scan without crashing or overrunning")
    func robustness() throws {
        let jpeg = Fixtures.inserting([Fixtures.app1(Fixtures.exifPayload(orientation: 3))], into: try Fixtures.jpeg(width: 24, height: 16))
        for n in 0...jpeg.count {
            let s = JPEGStructure.scan(Array(jpeg.prefix(n)))
            #expect(s.segments.allSatisfy { $0.offset < n })
        }
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            var bytes = jpeg
            for _ in 0..<4 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            let s = JPEGStructure.scan(bytes)
            #expect(s.segments.allSatisfy { $0.offset < bytes.count })
        }
    }

    /// A tiny deterministic generator for reproducible byte flips.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
