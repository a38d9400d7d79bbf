/// Reads GPano from a file's standard XMP packet and its Extended XMP chunks.
public enum XMPReader {
    /// Parses the standard packet, reassembles and verifies Extended XMP, and merges their GPano properties.
    public static func read(standardPacket: [UInt8]?, extendedChunks: [ExtendedXMPChunk]) -> XMPMetadata {
        XMPMetadata()
    }
}
