/// One Extended XMP chunk as stored in a JPEG APP1 segment (`http://ns.adobe.com/xmp/extension/\0`).
///
/// Produced by ``JPEGStructure``; reassembled and verified by ``XMPReader``.
public struct ExtendedXMPChunk: Sendable, Equatable {
    /// The 32-character GUID (upper-case hex MD5 of the whole extended serialization).
    public var guid: String
    /// The declared length of the whole extended serialization.
    public var fullLength: UInt32
    /// This chunk's offset within the extended serialization.
    public var offset: UInt32
    /// This chunk's bytes.
    public var data: [UInt8]

    /// Creates a chunk from its parsed fields.
    public init(guid: String, fullLength: UInt32, offset: UInt32, data: [UInt8]) {
        self.guid = guid
        self.fullLength = fullLength
        self.offset = offset
        self.data = data
    }
}
