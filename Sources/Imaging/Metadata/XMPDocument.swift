import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The properties ``XMPReader`` needs from one RDF/XML document (a standard packet or a reassembled Extended XMP).
///
/// Parsing is defensive: the bytes are checked before any XML parser sees them. Invalid UTF-8 is replaced
/// (with a warning); NUL bytes, a DTD or any other markup declaration (`<!DOCTYPE`, `<!ENTITY`, …) refuse the
/// document, since XMP never has one (this defeats billion laughs and external entities whatever the parser does).
/// The parser then runs namespace-aware with external entities off.
struct XMPDocument: Sendable, Equatable {
    /// The GPano namespace URI.
    static let gpanoNamespace = "http://ns.google.com/photos/1.0/panorama/"
    /// The xmpNote namespace URI (`HasExtendedXMP`).
    static let xmpNoteNamespace = "http://ns.adobe.com/xmp/note/"
    /// The Exif-in-XMP namespace URI (`exif:GPSLatitude`, `exif:DateTimeOriginal`, …).
    static let exifNamespace = "http://ns.adobe.com/exif/1.0/"
    /// The RDF namespace URI.
    static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// GPano properties found on any `rdf:Description`, local name → trimmed text.
    var gpanoProperties: [String: String] = [:]
    /// The `exif:` properties ``XMPExifParser`` reads, found on any `rdf:Description`, local name → trimmed text.
    var exifProperties: [String: String] = [:]
    /// `xmpNote:HasExtendedXMP`, trimmed; nil when absent.
    var extendedGUID: String?

    /// Parses one XMP document; nil when it was refused or is not well-formed (the reason is in `warnings`).
    ///
    /// - Parameters:
    ///   - bytes: the serialized XMP, UTF-8.
    ///   - label: how warnings name the document, e.g. "standard XMP packet".
    ///   - warnings: receives a sentence for every problem.
    static func parse(_ bytes: [UInt8], label: String, warnings: inout [String]) -> XMPDocument? {
        var text = bytes
        if let offset = firstInvalidUTF8Offset(text) {
            warnings.append("\(label) is not valid UTF-8 (first invalid byte at offset \(offset)); invalid bytes were replaced")
            text = Array(String(decoding: text, as: UTF8.self).utf8)
        }
        text = trimmedPacket(text)
        if text.isEmpty {
            warnings.append("\(label) is empty; ignored")
            return nil
        }
        if let offset = text.firstIndex(of: 0) {
            warnings.append("\(label) contains a NUL byte at offset \(offset), which XML forbids; refused without parsing")
            return nil
        }
        if let declaration = firstMarkupDeclaration(text) {
            warnings.append(
                "\(label) contains a markup declaration (\(declaration)); XMP never has a DTD, so it was refused without parsing")
            return nil
        }
        let collector = RDFPropertyCollector()
        // A stream feeds libxml2 in pieces: handed 10 MB at once, it stops at its 10,000,000-byte lookup limit.
        let parser = XMLParser(stream: InputStream(data: Data(text)))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        let succeeded = parser.parse()
        if let failure = collector.failure ?? (succeeded ? nil : parser.parserError.map(RDFPropertyCollector.describe)) {
            warnings.append("\(label) is not well-formed XML (\(failure)); its properties are not used")
            return nil
        }
        warnings.append(contentsOf: collector.warnings.map { "\(label): \($0)" })
        return XMPDocument(
            gpanoProperties: collector.gpanoProperties, exifProperties: collector.exifProperties,
            extendedGUID: collector.extendedGUID)
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence; nil when all are valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Drops anything after `<?xpacket end=…?>` and trailing NUL or whitespace padding.
    static func trimmedPacket(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        if let trailer = find(Array("<?xpacket end".utf8), in: bytes, from: 0),
            let close = find(Array("?>".utf8), in: bytes, from: trailer)
        {
            end = close + 2
        }
        while end > 0, [0, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) {
            end -= 1
        }
        return Array(bytes[0..<end])
    }

    /// The first `<!…` that is neither a comment nor a CDATA section (e.g. `<!DOCTYPE`), as a short quote.
    static func firstMarkupDeclaration(_ bytes: [UInt8]) -> String? {
        let comment = Array("<!--".utf8)
        let cdata = Array("<![CDATA[".utf8)
        var index = 0
        while let start = find(Array("<!".utf8), in: bytes, from: index) {
            if hasPrefix(comment, in: bytes, at: start) {
                guard let close = find(Array("-->".utf8), in: bytes, from: start + 4) else { return nil }
                index = close + 3
            } else if hasPrefix(cdata, in: bytes, at: start) {
                guard let close = find(Array("]]>".utf8), in: bytes, from: start + 9) else { return nil }
                index = close + 3
            } else {
                let name = bytes[start..<min(bytes.count, start + 10)].prefix { $0 > 0x20 && $0 != UInt8(ascii: ">") }
                return String(decoding: name, as: UTF8.self)
            }
        }
        return nil
    }

    private static func hasPrefix(_ needle: [UInt8], in haystack: [UInt8], at offset: Int) -> Bool {
        offset + needle.count <= haystack.count && haystack[offset..<offset + needle.count].elementsEqual(needle)
    }

    /// The offset of the first occurrence of `needle` at or after `from`; linear in the haystack for short needles.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, from >= 0, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && hasPrefix(needle, in: haystack, at: index) {
                return index
            }
            index += 1
        }
        return nil
    }
}
