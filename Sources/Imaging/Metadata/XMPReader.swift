/// Reads GPano and the `exif:` GPS and date properties (see ``XMPExifParser``) from a file's standard XMP packet
/// and its Extended XMP chunks.
///
/// The standard packet is parsed first (see ``XMPDocument`` for the defences against hostile XML). Its
/// `xmpNote:HasExtendedXMP` names the Extended XMP GUID; the chunks carrying it are reassembled and MD5-verified
/// (see ``ExtendedXMPAssembler``), then parsed as a separate RDF document. Properties from both are merged;
/// **the standard packet wins** when both carry a property with different values (it is the one every reader
/// sees, and the XMP spec puts each property in only one of the two), with a warning. When Extended XMP fails,
/// its properties are not used, ``XMPMetadata/extended`` says why, and a warning says so.
public enum XMPReader {
    /// The APP1 signature of a standard XMP packet, stripped when the caller passes it along.
    static let standardSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)

    /// Parses the standard packet, reassembles and verifies Extended XMP, and merges their GPano properties.
    ///
    /// - Parameters:
    ///   - standardPacket: the standard XMP packet (the APP1 payload after its signature; a leading signature is
    ///     tolerated); nil when the file has none.
    ///   - extendedChunks: every Extended XMP chunk in file order (any order is accepted).
    /// - Returns: GPano (nil when neither document has a GPano property), the Extended XMP status and warnings.
    public static func read(standardPacket: [UInt8]?, extendedChunks: [ExtendedXMPChunk]) -> XMPMetadata {
        var warnings: [String] = []
        var standard: XMPDocument?
        if var packet = standardPacket {
            if packet.starts(with: standardSignature) {
                packet.removeFirst(standardSignature.count)
            }
            standard = XMPDocument.parse(packet, label: "standard XMP packet", warnings: &warnings)
        }
        var assembly = ExtendedXMPAssembler.assemble(guid: standard?.extendedGUID, chunks: extendedChunks)
        if standardPacket != nil && standard == nil && !extendedChunks.isEmpty {
            assembly = ExtendedXMPAssembler.Outcome(
                status: .failed(reason: "the standard XMP packet, which names the Extended XMP GUID, could not be read"),
                serialization: nil, warnings: [])
        }
        warnings.append(contentsOf: assembly.warnings.map { "Extended XMP: \($0)" })
        var status = assembly.status
        var extended: XMPDocument?
        if let serialization = assembly.serialization {
            extended = XMPDocument.parse(serialization, label: "Extended XMP", warnings: &warnings)
            if extended == nil {
                status = .failed(reason: "verified but not usable as XMP (see the warning above)")
            }
        }
        if case .failed(let reason) = status, extended == nil, assembly.serialization == nil {
            warnings.append("Extended XMP failed: \(reason); its properties are not used")
        } else if case .failed = status {
            warnings.append("Extended XMP is not used")
        }
        let properties = merge(standard?.gpanoProperties, extended?.gpanoProperties, label: "GPano", warnings: &warnings)
        let exifProperties = merge(standard?.exifProperties, extended?.exifProperties, label: "exif:", warnings: &warnings)
        let gpano = GPanoParser.gpano(from: properties, warnings: &warnings)
        var metadata = XMPMetadata(gpano: gpano, extended: status, warnings: warnings)
        XMPExifParser.apply(exifProperties, to: &metadata)
        return metadata
    }

    /// The standard packet's properties plus those only the Extended XMP has; a conflict keeps the standard value,
    /// with a warning.
    private static func merge(
        _ standard: [String: String]?, _ extended: [String: String]?, label: String, warnings: inout [String]
    ) -> [String: String] {
        var properties = standard ?? [:]
        for (name, value) in (extended ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let kept = properties[name] {
                if kept != value {
                    let property = label.hasSuffix(":") ? label + name : "\(label) \(name)"
                    warnings.append(
                        "\(property) is '\(kept)' in the standard XMP and '\(value)' in the Extended XMP; the standard value is used")
                }
            } else {
                properties[name] = value
            }
        }
        return properties
    }
}
