import Foundation
import Testing
@testable import Imaging

@Suite("Extended XMP")
struct ExtendedXMPTests {
    /// The extended serialization used by most tests: GPano sizes, moved out of the standard packet.
    static let extendedBytes: [UInt8] = Array(XMPFixtures.packet(XMPFixtures.elements(
        Array(XMPFixtures.sphere(5376, 2688).dropFirst()) + [("Filler", String(repeating: "x", count: 700))]), wrapper: true).utf8)
    static let guid = XMPFixtures.guid(extendedBytes)

    /// A standard packet naming `guid`, with the ProjectionType and optionally more properties.
    static func standard(guid: String? = Self.guid, extra: [(String, String)] = []) -> [UInt8] {
        let note = guid.map(XMPFixtures.hasExtended) ?? ""
        return Array(XMPFixtures.packet(
            XMPFixtures.attributes([("ProjectionType", "equirectangular")] + extra, extra: note), wrapper: true).utf8)
    }

    /// The chunk size that splits the serialization into exactly 5 chunks.
    static let size = (extendedBytes.count + 4) / 5

    static func chunks() -> [ExtendedXMPChunk] {
        XMPFixtures.chunks(extendedBytes, size: size)
    }

    static func expectMerged(_ result: XMPMetadata, chunks: Int) {
        #expect(result.extended == .verified(chunks: chunks, bytes: extendedBytes.count))
        #expect(result.gpano?.projectionType == "equirectangular")
        #expect(result.gpano?.fullWidth == 5376)
        #expect(result.gpano?.croppedHeight == 2688)
    }

    static func expectFailed(_ result: XMPMetadata, _ fragment: String) {
        guard case .failed(let reason) = result.extended else {
            Issue.record("expected a failure mentioning '\(fragment)', got \(result.extended)")
            return
        }
        #expect(reason.contains(fragment), "\(reason)")
        #expect(result.warnings.contains { $0.contains(fragment) && $0.contains("its properties are not used") }, "\(result.warnings)")
        #expect(result.gpano?.projectionType == "equirectangular", "the standard packet still counts")
        #expect(result.gpano?.fullWidth == nil, "extended properties must not be used")
    }

    @Test("Chunks in order")
    func inOrder() {
        let chunks = Self.chunks()
        #expect(chunks.count == 5)
        let result = XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks)
        Self.expectMerged(result, chunks: 5)
        #expect(result.warnings.isEmpty)
    }

    @Test("Chunks in any order", arguments: [[4, 3, 2, 1, 0], [2, 0, 4, 1, 3], [1, 0, 2, 3, 4]])
    func anyOrder(order: [Int]) {
        let chunks = Self.chunks()
        let result = XMPReader.read(standardPacket: Self.standard(), extendedChunks: order.map { chunks[$0] })
        Self.expectMerged(result, chunks: 5)
    }

    @Test("HasExtendedXMP in lower case still matches")
    func lowerCaseGUID() {
        let result = XMPReader.read(standardPacket: Self.standard(guid: Self.guid.lowercased()), extendedChunks: Self.chunks())
        Self.expectMerged(result, chunks: 5)
    }

    @Test("A duplicated identical chunk is ignored with a warning")
    func duplicateIdentical() {
        var chunks = Self.chunks()
        chunks.insert(chunks[2], at: 0)
        let result = XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks)
        Self.expectMerged(result, chunks: 5)
        #expect(result.warnings.contains { $0.contains("duplicate chunk at offset \(2 * Self.size)") })
    }

    @Test("A duplicated chunk with different bytes fails")
    func duplicateDifferent() {
        var chunks = Self.chunks()
        var twin = chunks[1]
        twin.data[0] ^= 0x20
        chunks.append(twin)
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "two different chunks claim offset \(Self.size)")
    }

    @Test("Chunks with another GUID are stale leftovers: ignored with a warning")
    func leftovers() {
        let stale = XMPFixtures.chunks(Array("<stale/>".utf8), size: 4)
        let result = XMPReader.read(standardPacket: Self.standard(), extendedChunks: stale + Self.chunks())
        Self.expectMerged(result, chunks: 5)
        #expect(result.warnings.contains { $0.contains("stale leftovers") && $0.contains(stale[0].guid) })
    }

    @Test("A missing middle chunk fails")
    func missingMiddle() {
        var chunks = Self.chunks()
        chunks.remove(at: 2)
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "bytes \(2 * Self.size)..<\(3 * Self.size) are missing")
    }

    @Test("A missing last chunk fails")
    func missingLast() {
        let chunks = Array(Self.chunks().dropLast())
        Self.expectFailed(
            XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks),
            "only \(4 * Self.size) of \(Self.extendedBytes.count) bytes are present")
    }

    @Test("Overlapping chunks fail")
    func overlap() {
        var chunks = Self.chunks()
        chunks[1].offset = UInt32(Self.size - 10)
        chunks[1].data = Array(Self.extendedBytes[(Self.size - 10)..<(2 * Self.size)])
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "overlaps")
    }

    @Test("A wrong MD5 fails and the extended properties are not used")
    func wrongMD5() {
        var tampered = Self.extendedBytes
        tampered[tampered.count / 2] ^= 0x01
        let chunks = XMPFixtures.chunks(tampered, size: Self.size, guid: Self.guid)
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "MD5")
    }

    @Test("Chunks that disagree on the full length fail")
    func lengthDisagreement() {
        var chunks = Self.chunks()
        chunks[3].fullLength += 1
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "disagree on the full length")
    }

    @Test("A declared length over 16 MiB is refused before assembly")
    func oversize() {
        let chunks = XMPFixtures.chunks(Self.extendedBytes, size: Self.size, guid: Self.guid, fullLength: 16 * 1024 * 1024 + 1)
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "exceeds the 16777216-byte (16 MiB) limit")
    }

    @Test("A chunk running past the declared length fails")
    func overflow() {
        let declared = UInt32(Self.extendedBytes.count - 5)
        let chunks = XMPFixtures.chunks(Self.extendedBytes, size: Self.size, guid: Self.guid, fullLength: declared)
        Self.expectFailed(
            XMPReader.read(standardPacket: Self.standard(), extendedChunks: chunks), "runs past the declared length \(declared)")
    }

    @Test("Chunks without HasExtendedXMP, and HasExtendedXMP without chunks, fail")
    func unannounced() {
        Self.expectFailed(
            XMPReader.read(standardPacket: Self.standard(guid: nil), extendedChunks: Self.chunks()), "names no HasExtendedXMP GUID")
        Self.expectFailed(XMPReader.read(standardPacket: Self.standard(), extendedChunks: []), "no chunk carries that GUID")
        let onlyChunks = XMPReader.read(standardPacket: nil, extendedChunks: Self.chunks())
        guard case .failed = onlyChunks.extended else {
            Issue.record("chunks without a standard packet must fail, got \(onlyChunks.extended)")
            return
        }
        #expect(onlyChunks.gpano == nil)
    }

    @Test("On a conflict the standard packet wins, with a warning")
    func conflict() {
        let result = XMPReader.read(
            standardPacket: Self.standard(extra: [("FullPanoWidthPixels", "1000")]), extendedChunks: Self.chunks())
        #expect(result.extended == .verified(chunks: 5, bytes: Self.extendedBytes.count))
        #expect(result.gpano?.fullWidth == 1000)
        #expect(result.gpano?.fullHeight == 2688)
        #expect(result.warnings.contains { $0.contains("FullPanoWidthPixels") && $0.contains("the standard value is used") })
    }

    @Test("A verified Extended XMP that is not well-formed XML is not used")
    func verifiedButMalformed() {
        let broken = Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF>".utf8)
        let guid = XMPFixtures.guid(broken)
        let result = XMPReader.read(
            standardPacket: Self.standard(guid: guid), extendedChunks: XMPFixtures.chunks(broken, size: 10))
        guard case .failed(let reason) = result.extended else {
            Issue.record("expected failure, got \(result.extended)")
            return
        }
        #expect(reason.contains("not usable"))
        #expect(result.warnings.contains { $0.hasPrefix("Extended XMP is not well-formed XML") })
        #expect(result.warnings.contains("Extended XMP is not used"))
    }

    @Test("The status reads as words")
    func statusDescription() {
        #expect(ExtendedXMPStatus.absent.description == "absent")
        #expect(ExtendedXMPStatus.verified(chunks: 2, bytes: 522).description == "verified (2 chunks, 522 bytes)")
        #expect(ExtendedXMPStatus.failed(reason: "x").description == "failed: x")
    }

    @Test("exiftool's ExtendedXMP.jpg: two chunks out of order verify", .enabled(if: Fixtures.hasRealFiles))
    func realFile() throws {
        let segments = try #require(try XMPFixtures.realSegments("camera/ExtendedXMP.jpg"))
        #expect(segments.extended.map(\.offset) == [425, 0])
        let result = XMPReader.read(standardPacket: segments.xmp, extendedChunks: segments.extended)
        #expect(result.extended == .verified(chunks: 2, bytes: 522))
        #expect(result.gpano == nil)
        #expect(result.warnings.isEmpty)
    }
}
