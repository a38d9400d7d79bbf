/// Writes GPS, time, heading, camera, id and — for full-sphere panoramas — GPano into a JPEG **losslessly**:
/// new APP1 segments (Exif, then XMP) go after SOI and a leading APP0, an existing Exif or XMP segment is
/// replaced in place by its merged version, and every other byte (Extended XMP, ICC, MPF, tables, the
/// entropy-coded data, trailers) is copied as it was. Nothing is re-encoded. Pure: bytes in, bytes out.
public enum MetadataEmbedder {
    /// Largest APPn payload a segment can hold (65 535 minus the two length bytes).
    static let maximumPayload = 65_533

    /// Embeds `metadata` into `jpeg`.
    /// - Returns: the new bytes and what was added; ``EmbedResult/changed`` is false when the file already held
    ///   everything (a second run is a no-op).
    /// - Throws: ``ImagingError/codec(operation:message:)`` when the bytes are not a JPEG with a frame header
    ///   (nothing is embedded into a file that cannot be read).
    public static func embed(_ jpeg: [UInt8], metadata: EmbedMetadata) throws(ImagingError) -> EmbedResult {
        let structure = JPEGStructure.scan(jpeg)
        guard structure.startsWithSOI, let frame = structure.frame else {
            throw .codec(operation: "embed", message: "not a JPEG with a frame header; nothing embedded")
        }
        var warnings: [String] = []
        let exifSegment = structure.segments.first { $0.kind == .exif }
        let xmpSegment = structure.segments.first { $0.kind == .xmp }

        // Exif: the file's own, with what it lacks.
        var exifPayload: [UInt8]?
        var addedEXIF: [String] = []
        if let writer = EXIFWriter(existing: structure.exifPayload) {
            writer.add(metadata)
            if !writer.added.isEmpty {
                if let saved = writer.save(), saved.count <= maximumPayload, saved.starts(with: Array("Exif\0\0".utf8)) {
                    exifPayload = saved
                    addedEXIF = writer.added
                } else {
                    warnings.append("the Exif segment could not be written within 64 KB; the file's Exif is kept as it was")
                }
            }
        }

        // GPano only for a full sphere by its pixels: 2:1, and `consistent` when the pixels were measured.
        var gpanoSkipped: String?
        let existingPacket = structure.xmpPacket
        let alreadyGPano = existingPacket.map { String(decoding: $0, as: UTF8.self).contains(XMPWriter.gpanoNamespace) } ?? false
        var gpano: [XMPWriter.Property] = []
        if !alreadyGPano {
            let twoToOne = frame.height > 0 && abs(Double(frame.width) / Double(frame.height) - 2) <= 0.02
            if !twoToOne {
                gpanoSkipped = "\(frame.width)×\(frame.height) is not 2:1"
            } else if let pixels = metadata.projectionPixels, pixels != "consistent" {
                gpanoSkipped = "its pixels are \(pixels.isEmpty ? "not measured" : pixels) for a full sphere"
            } else {
                gpano = XMPWriter.gpano(width: frame.width, height: frame.height, heading: metadata.heading)
            }
        }
        let missing = XMPWriter.missing(in: existingPacket, gpano: gpano, metadata: metadata)
        var xmpPayload: [UInt8]?
        if !missing.isEmpty {
            let packet = existingPacket.map { XMPWriter.merged($0, adding: missing) } ?? XMPWriter.packet(missing)
            if let packet, XMPWriter.signature.count + packet.count <= maximumPayload {
                xmpPayload = XMPWriter.signature + packet
            } else {
                warnings.append(packet == nil ? "the file's XMP packet has no rdf:RDF element to add to; it is kept as it was"
                                              : "the XMP packet would exceed 64 KB; the file's XMP is kept as it was")
                if !gpano.isEmpty { gpanoSkipped = "the XMP packet could not be written" }
                gpano = []
            }
        }
        let wroteXMP = xmpPayload != nil
        let addedXMP = wroteXMP ? missing.map(\.qualifiedName) : []
        let hasGPano = alreadyGPano || (wroteXMP && !gpano.isEmpty)
        guard exifPayload != nil || xmpPayload != nil else {
            return EmbedResult(bytes: jpeg, changed: false, addedEXIF: [], addedXMP: [], hasGPano: hasGPano,
                               gpanoSkipped: hasGPano ? nil : gpanoSkipped, warnings: warnings)
        }

        // Where new segments go: after SOI and an APP0 right behind it.
        var insertAt = 2
        if let first = structure.segments.dropFirst().first, first.marker == 0xE0, first.offset == 2 {
            insertAt = first.offset + 2 + first.length
        }
        var replacements: [(offset: Int, length: Int, bytes: [UInt8])] = []
        var inserted: [UInt8] = []
        if let exifPayload {
            if let exifSegment { replacements.append((exifSegment.offset, 2 + exifSegment.length, segment(exifPayload))) }
            else { inserted += segment(exifPayload) }
        }
        if let xmpPayload {
            if let xmpSegment { replacements.append((xmpSegment.offset, 2 + xmpSegment.length, segment(xmpPayload))) }
            else { inserted += segment(xmpPayload) }
        }
        replacements.append((insertAt, 0, inserted))
        replacements.sort { $0.offset < $1.offset || ($0.offset == $1.offset && $0.length < $1.length) }
        var out: [UInt8] = []
        out.reserveCapacity(jpeg.count + 4096)
        var position = 0
        for replacement in replacements where replacement.offset >= position {
            out += jpeg[position..<replacement.offset]
            out += replacement.bytes
            position = replacement.offset + replacement.length
        }
        out += jpeg[position...]
        return EmbedResult(bytes: out, changed: true, addedEXIF: addedEXIF, addedXMP: addedXMP, hasGPano: hasGPano,
                           gpanoSkipped: hasGPano ? nil : gpanoSkipped, warnings: warnings)
    }

    /// An APP1 segment holding `payload`.
    static func segment(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
}
