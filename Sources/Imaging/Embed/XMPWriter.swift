import Foundation

/// Builds the standard XMP packet ``MetadataEmbedder`` writes: GPano (when the image is a full-sphere panorama
/// by its pixels), `xmp:CreatorTool` and our `mapillary:` properties. An existing packet keeps every byte of
/// its own; what it lacks is added as one more `rdf:Description` before its closing `</rdf:RDF>`, so nothing is
/// ever duplicated (a namespace already present is left alone).
enum XMPWriter {
    /// The namespace of the `mapillary:` properties.
    static let mapillaryNamespace = "http://ns.mly360.org/mapillary/1.0/"
    static let gpanoNamespace = "http://ns.google.com/photos/1.0/panorama/"
    static let xmpNamespace = "http://ns.adobe.com/xap/1.0/"
    /// The APP1 signature of the standard XMP packet.
    static let signature = Array("http://ns.adobe.com/xap/1.0/\u{0}".utf8)

    /// One property to write: namespace prefix, name and value.
    struct Property {
        var prefix: String
        var name: String
        var value: String
        var qualifiedName: String { prefix + ":" + name }
    }

    /// The GPano properties of a `width × height` equirectangular image (the pixels of the file on disk).
    static func gpano(width: Int, height: Int, heading: Double?) -> [Property] {
        var properties = [
            Property(prefix: "GPano", name: "ProjectionType", value: "equirectangular"),
            Property(prefix: "GPano", name: "UsePanoramaViewer", value: "True"),
            Property(prefix: "GPano", name: "FullPanoWidthPixels", value: "\(width)"),
            Property(prefix: "GPano", name: "FullPanoHeightPixels", value: "\(height)"),
            Property(prefix: "GPano", name: "CroppedAreaImageWidthPixels", value: "\(width)"),
            Property(prefix: "GPano", name: "CroppedAreaImageHeightPixels", value: "\(height)"),
            Property(prefix: "GPano", name: "CroppedAreaLeftPixels", value: "0"),
            Property(prefix: "GPano", name: "CroppedAreaTopPixels", value: "0"),
        ]
        if let heading, heading.isFinite {
            var degrees = heading.truncatingRemainder(dividingBy: 360)
            if degrees < 0 { degrees += 360 }
            properties.append(Property(prefix: "GPano", name: "PoseHeadingDegrees", value: String(format: "%.2f", degrees)))
        }
        return properties
    }

    /// The properties to add to `packet` (nil: no packet yet): each namespace's group only when the packet does
    /// not declare that namespace already.
    static func missing(in packet: [UInt8]?, gpano: [Property], metadata: EmbedMetadata) -> [Property] {
        let text = packet.map { String(decoding: $0, as: UTF8.self) } ?? ""
        var properties: [Property] = []
        if !gpano.isEmpty, !text.contains(gpanoNamespace) { properties += gpano }
        if !text.contains("CreatorTool") { properties.append(Property(prefix: "xmp", name: "CreatorTool", value: "mly360")) }
        if !text.contains(mapillaryNamespace) {
            if let id = metadata.imageID, !id.isEmpty { properties.append(Property(prefix: "mapillary", name: "ImageId", value: id)) }
            if let sequence = metadata.sequence, !sequence.isEmpty {
                properties.append(Property(prefix: "mapillary", name: "Sequence", value: sequence))
            }
            if let creator = metadata.creator, !creator.isEmpty {
                properties.append(Property(prefix: "mapillary", name: "Creator", value: creator))
            }
        }
        return properties
    }

    /// One `rdf:Description` holding `properties` as attributes, declaring the namespaces they use.
    static func description(_ properties: [Property]) -> String {
        let namespaces = [("GPano", gpanoNamespace), ("xmp", xmpNamespace), ("mapillary", mapillaryNamespace)]
        var text = "  <rdf:Description rdf:about=\"\""
        for (prefix, uri) in namespaces where properties.contains(where: { $0.prefix == prefix }) {
            text += "\n    xmlns:\(prefix)=\"\(uri)\""
        }
        for property in properties { text += "\n    \(property.qualifiedName)=\"\(MarkupText.escaped(property.value))\"" }
        return text + "/>\n"
    }

    /// A new packet with `properties`.
    static func packet(_ properties: [Property]) -> [UInt8] {
        let text = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"mly360\">\n"
            + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + description(properties)
            + " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
        return Array(text.utf8)
    }

    /// `packet` with `properties` added before its last closing `</…:RDF>`; nil when it has none (the packet is
    /// then left as it is).
    static func merged(_ packet: [UInt8], adding properties: [Property]) -> [UInt8]? {
        // The last "</" whose element name ends in ":RDF" (the prefix need not be "rdf").
        var index = packet.count - 2
        while index >= 0 {
            if packet[index] == UInt8(ascii: "<"), packet[index + 1] == UInt8(ascii: "/") {
                var end = index + 2
                while end < packet.count, packet[end] != UInt8(ascii: ">"), end - index < 64 { end += 1 }
                if end < packet.count, packet[end] == UInt8(ascii: ">"),
                   String(decoding: packet[(index + 2)..<end], as: UTF8.self).hasSuffix(":RDF") {
                    let insert = Array(description(properties).utf8)
                    return Array(packet[..<index]) + insert + Array(packet[index...])
                }
            }
            index -= 1
        }
        return nil
    }
}
