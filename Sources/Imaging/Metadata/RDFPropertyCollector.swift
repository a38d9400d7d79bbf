import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An `XMLParserDelegate` that collects GPano properties, the `exif:` properties of ``XMPExifParser/propertyNames``
/// and `xmpNote:HasExtendedXMP` from every
/// `rdf:Description`, in attribute and simple-element form, matching namespaces by URI (any prefix).
///
/// Used by ``XMPDocument`` only, for one parse on one thread; never shared, so it need not be `Sendable`.
final class RDFPropertyCollector: NSObject, XMLParserDelegate {
    /// The longest property text kept (longer values are dropped with a warning).
    static let maximumValueLength = 65_536
    /// The most distinct GPano properties kept.
    static let maximumPropertyCount = 256

    private(set) var gpanoProperties: [String: String] = [:]
    private(set) var exifProperties: [String: String] = [:]
    private(set) var extendedGUID: String?
    private(set) var warnings: [String] = []
    /// The first parse error, described with its line and column.
    private(set) var failure: String?

    private enum Frame {
        case description
        case property(namespace: String, name: String, text: String, simple: Bool, overflow: Bool)
        case other
    }

    private var frames: [Frame] = []
    private var prefixes: [String: [String]] = [:]
    private var droppedProperties = false

    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        prefixes[prefix, default: []].append(namespaceURI)
    }

    func parser(_ parser: XMLParser, didEndMappingPrefix prefix: String) {
        _ = prefixes[prefix]?.popLast()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if case .property(let namespace, let name, let text, _, let overflow)? = frames.last {
            frames[frames.count - 1] = .property(namespace: namespace, name: name, text: text, simple: false, overflow: overflow)
        }
        if namespaceURI == XMPDocument.rdfNamespace && elementName == "Description" {
            for (qualified, value) in attributes.sorted(by: { $0.key < $1.key }) {
                let parts = qualified.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let uri = prefixes[String(parts[0])]?.last else { continue }
                record(namespace: uri, name: String(parts[1]), value: value)
            }
            frames.append(.description)
        } else if case .description? = frames.last, let namespaceURI,
            namespaceURI == XMPDocument.gpanoNamespace || namespaceURI == XMPDocument.xmpNoteNamespace
                || (namespaceURI == XMPDocument.exifNamespace && XMPExifParser.propertyNames.contains(elementName))
        {
            frames.append(.property(namespace: namespaceURI, name: elementName, text: "", simple: true, overflow: false))
        } else {
            frames.append(.other)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        append(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        append(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let frame = frames.popLast() else { return }
        if case .property(let namespace, let name, let text, let simple, let overflow) = frame, simple {
            if overflow {
                warnings.append("\(name) is longer than \(Self.maximumValueLength) bytes; ignored")
            } else {
                record(namespace: namespace, name: name, value: text)
            }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil {
            failure = "\(Self.describe(parseError)) at line \(parser.lineNumber), column \(parser.columnNumber)"
        }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
        self.parser(parser, parseErrorOccurred: validationError)
    }

    /// The parser's error as words: FoundationXML carries only libxml2's code, so name it.
    static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        return "XMLParser error \(code), \(libxml2Errors[code] ?? "see libxml2's xmlParserErrors")"
    }

    /// Names of the libxml2 error codes malformed XMP produces most (libxml2 `xmlerror.h`).
    static let libxml2Errors: [Int: String] = [
        1: "internal error (a libxml2 limit)", 4: "document is empty", 5: "extra content or premature end of document",
        9: "invalid character", 26: "undeclared entity", 27: "undeclared entity", 38: "unescaped '<' in attribute value",
        39: "attribute value not started", 41: "attribute without value", 57: "XML declaration not finished",
        65: "space required", 73: "'>' required", 76: "closing tag does not match", 77: "tag not finished",
        200: "namespace error", 201: "undefined namespace prefix", 202: "invalid qualified name",
        203: "attribute redefined", 204: "empty namespace name",
    ]

    private func append(_ string: String) {
        guard case .property(let namespace, let name, var text, let simple, var overflow)? = frames.last, simple else {
            return
        }
        if !overflow {
            if text.utf8.count + string.utf8.count > Self.maximumValueLength {
                overflow = true
                text = ""
            } else {
                text += string
            }
        }
        frames[frames.count - 1] = .property(namespace: namespace, name: name, text: text, simple: simple, overflow: overflow)
    }

    private func record(namespace: String, name: String, value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch namespace {
        case XMPDocument.xmpNoteNamespace where name == "HasExtendedXMP":
            if extendedGUID == nil { extendedGUID = trimmed }
        case XMPDocument.exifNamespace where XMPExifParser.propertyNames.contains(name):
            if let existing = exifProperties[name] {
                if existing != trimmed {
                    warnings.append("exif:\(name) appears twice ('\(existing)' and '\(trimmed)'); the first is used")
                }
            } else {
                exifProperties[name] = trimmed
            }
        case XMPDocument.gpanoNamespace:
            if let existing = gpanoProperties[name] {
                if existing != trimmed {
                    warnings.append("GPano \(name) appears twice ('\(existing)' and '\(trimmed)'); the first is used")
                }
            } else if gpanoProperties.count >= Self.maximumPropertyCount {
                if !droppedProperties {
                    droppedProperties = true
                    warnings.append("more than \(Self.maximumPropertyCount) GPano properties; the rest are ignored")
                }
            } else {
                gpanoProperties[name] = trimmed
            }
        default:
            break
        }
    }
}
