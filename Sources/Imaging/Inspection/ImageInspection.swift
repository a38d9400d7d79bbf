/// Everything `mly360 inspect` shows about one file: markers, frame, colour, Exif, GPano, Extended XMP,
/// the verification result and the projection verdict.
///
/// Built by the same pipeline as ``ImageChecker/check(fileAt:thumbnailPath:apiSaysPanorama:)`` (without a
/// thumbnail), so the two never disagree. Render it with ``renderText()`` or ``renderJSON()``.
public struct ImageInspection: Sendable, Equatable, Encodable {
    /// The path as given.
    public var path: String
    /// Size in bytes; nil when the file could not be read.
    public var fileSize: Int?
    /// Lower-case hex SHA-256 of the file, filled in by the caller that read it (Imaging does not hash);
    /// nil otherwise.
    public var sha256: String?
    /// Every marker from SOI to the primary EOI.
    public var markers: [Marker]
    /// Width in pixels (from the decoder's header, else the frame header).
    public var width: Int?
    /// Height in pixels (from the decoder's header, else the frame header).
    public var height: Int?
    /// The frame marker, e.g. `SOF0`.
    public var sof: String?
    /// The coding process, e.g. `baseline`, `progressive`.
    public var coding: String?
    /// True for progressive JPEGs; nil without a frame.
    public var progressive: Bool?
    /// Sample precision in bits.
    public var precision: Int?
    /// Components with their sampling factors, e.g. `1:2x2 2:1x1 3:1x1`.
    public var components: String?
    /// Chroma subsampling, e.g. `4:2:0`.
    public var subsampling: String?
    /// Colour space: `RGB`, `YCbCr`, `Gray`, `CMYK` or `YCCK`.
    public var colorSpace: String?
    /// Restart interval in MCUs (DRI); nil without DRI.
    public var restartInterval: Int?
    /// Number of scans (SOS segments).
    public var scans: Int
    /// True when the primary image ends with EOI.
    public var endsWithEOI: Bool
    /// Bytes after the primary EOI.
    public var bytesAfterEOI: Int
    /// COM texts.
    public var comments: [String]
    /// Exif summary values (make, model, date, orientation, GPS), as text.
    public var exifSummary: [String: String]
    /// Every Exif entry libexif read (MakerNotes never formatted).
    public var exif: [ExifEntry]
    /// Every GPano property found, local name → text.
    public var gpano: [String: String]
    /// Extended XMP status, e.g. `absent`, `verified (2 chunks, 2000 bytes)`.
    public var extendedXMP: String
    /// Verification status.
    public var status: JPEGStatus
    /// The decoder's or reader's message; nil when `ok`.
    public var message: String?
    /// The projection verdict.
    public var verdict: EquirectangularVerdict
    /// Which evidence decided the verdict.
    public var verdictReason: String
    /// Every warning from every stage.
    public var warnings: [String]
    /// The pixel QA signals, when the image could be decoded.
    public var pixels: PixelSignals?

    /// One marker in the file.
    public struct Marker: Sendable, Equatable, Encodable {
        /// Offset of the marker's `FF`.
        public var offset: Int
        /// The marker name, e.g. `APP1`.
        public var marker: String
        /// The declared segment length (0 for standalone markers).
        public var length: Int
        /// What an APPn holds, e.g. `Exif`, `XMP`; nil for other markers.
        public var kind: String?
        /// For SOS, the entropy-coded bytes that follow.
        public var entropyCodedBytes: Int?

        enum CodingKeys: String, CodingKey {
            case offset, marker, length, kind
            case entropyCodedBytes = "entropy_coded_bytes"
        }
    }

    /// One Exif entry.
    public struct ExifEntry: Sendable, Equatable, Encodable {
        /// IFD name: `0`, `1`, `EXIF`, `GPS` or `Interoperability`.
        public var ifd: String
        /// Tag number as `0x` + 4 hex digits.
        public var tag: String
        /// libexif's tag name.
        public var name: String
        /// libexif's display value.
        public var value: String
    }

    enum CodingKeys: String, CodingKey {
        case path, sha256, markers, width, height, sof, coding, progressive, precision, components, subsampling
        case scans, comments, exif, gpano, status, message, verdict, warnings, pixels
        case fileSize = "file_size"
        case colorSpace = "color_space"
        case restartInterval = "restart_interval"
        case endsWithEOI = "ends_with_eoi"
        case bytesAfterEOI = "bytes_after_eoi"
        case exifSummary = "exif_summary"
        case extendedXMP = "extended_xmp"
        case verdictReason = "verdict_reason"
    }
}
