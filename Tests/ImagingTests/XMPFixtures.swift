import Crypto
import Foundation
@testable import Imaging

/// XMP packets, Extended XMP chunks, and a tiny JPEG segment walker for the real files.
enum XMPFixtures {
    static let gpanoURI = "http://ns.google.com/photos/1.0/panorama/"

    /// `<x:xmpmeta><rdf:RDF>` + `body` + closing tags, optionally in an xpacket wrapper.
    static func packet(_ body: String, wrapper: Bool = false) -> String {
        let core = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="test"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            \(body)
            </rdf:RDF></x:xmpmeta>
            """
        guard wrapper else { return core }
        return "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" + core
            + "\n" + String(repeating: " ", count: 200) + "\n<?xpacket end=\"w\"?>"
    }

    /// An `rdf:Description` with GPano properties as attributes, bound to `prefix`.
    static func attributes(_ properties: [(String, String)], prefix: String = "GPano", extra: String = "") -> String {
        let attributes = properties.map { "\(prefix):\($0.0)=\"\($0.1)\"" }.joined(separator: " ")
        return "<rdf:Description rdf:about=\"\" xmlns:\(prefix)=\"\(gpanoURI)\" \(extra) \(attributes)/>"
    }

    /// An `rdf:Description` with GPano properties as simple elements, bound to `prefix`.
    static func elements(_ properties: [(String, String)], prefix: String = "GPano", extra: String = "") -> String {
        let elements = properties.map { "  <\(prefix):\($0.0)>\($0.1)</\(prefix):\($0.0)>" }.joined(separator: "\n")
        return "<rdf:Description rdf:about=\"\" xmlns:\(prefix)=\"\(gpanoURI)\" \(extra)>\n\(elements)\n</rdf:Description>"
    }

    /// The xmpNote namespace declaration and HasExtendedXMP attribute, for `extra:`.
    static func hasExtended(_ guid: String) -> String {
        "xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" xmpNote:HasExtendedXMP=\"\(guid)\""
    }

    /// A full equirectangular sphere, as property pairs.
    static func sphere(_ width: Int, _ height: Int) -> [(String, String)] {
        [
            ("ProjectionType", "equirectangular"), ("FullPanoWidthPixels", "\(width)"),
            ("FullPanoHeightPixels", "\(height)"), ("CroppedAreaImageWidthPixels", "\(width)"),
            ("CroppedAreaImageHeightPixels", "\(height)"), ("CroppedAreaLeftPixels", "0"), ("CroppedAreaTopPixels", "0"),
        ]
    }

    /// Upper-case hex MD5 (the Extended XMP GUID of `bytes`).
    static func guid(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).map { String(format: "%02X", $0) }.joined()
    }

    /// Splits `bytes` into chunks of at most `size` bytes, all naming `guid` and the full length.
    static func chunks(_ bytes: [UInt8], size: Int, guid: String? = nil, fullLength: UInt32? = nil) -> [ExtendedXMPChunk] {
        let guid = guid ?? Self.guid(bytes)
        return stride(from: 0, to: bytes.count, by: size).map { offset in
            ExtendedXMPChunk(
                guid: guid, fullLength: fullLength ?? UInt32(bytes.count), offset: UInt32(offset),
                data: Array(bytes[offset..<min(bytes.count, offset + size)]))
        }
    }

    // MARK: Real files

    /// What a file's APP1 segments carry.
    struct Segments {
        var exif: [UInt8]?
        var xmp: [UInt8]?
        var extended: [ExtendedXMPChunk] = []
    }

    /// Walks the markers from SOI to SOS by length and collects Exif, XMP and Extended XMP APP1 payloads.
    static func segments(of bytes: [UInt8]) -> Segments {
        var result = Segments()
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return result }
        var index = 2
        let exifSignature = Array("Exif\0\0".utf8)
        let xmpSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
        let extendedSignature = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { break }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }
            if marker == 0xDA || marker == 0xD9 { break }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { break }
            let payload = Array(bytes[(index + 4)..<(index + 2 + length)])
            if marker == 0xE1 {
                if payload.starts(with: exifSignature), result.exif == nil {
                    result.exif = payload
                } else if payload.starts(with: xmpSignature), result.xmp == nil {
                    result.xmp = Array(payload.dropFirst(xmpSignature.count))
                } else if payload.starts(with: extendedSignature), payload.count >= 75 {
                    let field = { (at: Int) in payload[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
                    result.extended.append(
                        ExtendedXMPChunk(
                            guid: String(decoding: payload[35..<67], as: UTF8.self), fullLength: field(67),
                            offset: field(71), data: Array(payload[75...])))
                }
            }
            index += 2 + length
        }
        return result
    }

    /// The segments of a real test file; nil when the real files are absent.
    static func realSegments(_ relative: String) throws -> Segments? {
        guard let path = Fixtures.realPath(relative) else { return nil }
        return segments(of: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
