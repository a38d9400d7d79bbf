/// The marker structure of a JPEG file, found by walking its segments (see ``scan(_:)``).
///
/// The walk follows segment lengths, skips `FF` fill bytes and walks entropy-coded data (`FF 00` stuffing,
/// RST0–7) to the next real marker, stopping at the primary image's EOI. It never searches for byte
/// patterns, so the JPEG thumbnail inside an Exif block is never mistaken for the image.
public struct JPEGStructure: Sendable, Equatable {
    /// True when the file starts with SOI (`FF D8`). Every other field is empty when false.
    public var startsWithSOI: Bool = false
    /// Every marker in file order, from SOI to the primary EOI (RSTn inside scans excluded).
    public var segments: [JPEGSegment] = []
    /// The first frame header (SOFn); nil for files without one (e.g. Exif-only stubs).
    public var frame: JPEGFrame?
    /// The restart interval from DRI, in MCUs; nil without DRI.
    public var restartInterval: Int?
    /// Number of SOS segments (1 for sequential files, several for progressive ones).
    public var scanCount: Int = 0
    /// The first Exif APP1 payload, starting with `Exif\0\0`.
    public var exifPayload: [UInt8]?
    /// The first standard XMP packet (the bytes after the 29-byte signature).
    public var xmpPacket: [UInt8]?
    /// Every well-formed Extended XMP chunk, in file order.
    public var extendedXMPChunks: [ExtendedXMPChunk] = []
    /// The Adobe APP14 colour transform (0 = RGB/CMYK, 1 = YCbCr, 2 = YCCK); nil without APP14 `Adobe`.
    public var adobeTransform: Int?
    /// COM segment texts (decoded as UTF-8, invalid bytes replaced).
    public var comments: [String] = []
    /// Offset of the primary image's EOI marker; nil when the walk ended without one.
    public var eoiOffset: Int?
    /// Bytes after the primary EOI (an MPF secondary image, a maker trailer, padding); 0 without EOI.
    public var bytesAfterEOI: Int = 0
    /// Runs of bytes between segments that are not markers.
    public var junk: [Junk] = []
    /// Readable sentences about everything irregular, in file order.
    public var problems: [String] = []

    /// Creates an empty structure (a file that is not a JPEG).
    public init() {}

    /// True when the primary image ends with an EOI marker.
    public var endsWithEOI: Bool { eoiOffset != nil }

    /// A run of bytes between segments that belongs to no marker.
    public struct Junk: Sendable, Equatable {
        /// Offset of the first junk byte.
        public var offset: Int
        /// Number of junk bytes.
        public var count: Int
        /// The marker that followed the junk; nil when the file ended instead.
        public var beforeMarker: UInt8?

        /// Creates a junk record.
        public init(offset: Int, count: Int, beforeMarker: UInt8?) {
            self.offset = offset
            self.count = count
            self.beforeMarker = beforeMarker
        }
    }
}
