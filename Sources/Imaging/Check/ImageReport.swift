/// Everything the checker learns about one image's bytes (the catalogue adds the file facts: SHA-256, thumbnail).
public struct ImageReport: Sendable, Equatable {
    /// The file's path as given to the checker.
    public var path: String
    /// Size in bytes; nil when the file could not be read.
    public var fileSize: Int?
    /// Decoder verdict.
    public var status: JPEGStatus
    /// The decoder's or reader's message for a non-`ok` status.
    public var message: String?
    /// Width from the frame header.
    public var pixelWidth: Int?
    /// Height from the frame header.
    public var pixelHeight: Int?
    /// Exif, when the file has an Exif APP1 with entries. Its latitude, longitude, altitude and
    /// dateTimeOriginal come from Exif, else from the XMP `exif:` properties; when only the XMP has them,
    /// this holds just those (no entries). ``gpsSource`` says where the position came from.
    public var exif: EXIFMetadata?
    /// Where ``exif``'s latitude and longitude (and the altitude with them) came from; nil without a position.
    public var gpsSource: GPSSource?
    /// GPano, when the XMP has any GPano property.
    public var gpano: GPano?
    /// The projection verdict.
    public var verdict: EquirectangularVerdict
    /// Which evidence decided the verdict, in words.
    public var verdictReason: String
    /// Every warning from every stage, in order.
    public var warnings: [String]
    /// Quality signals measured on the decoded pixels; nil when nothing could be decoded.
    public var pixels: PixelSignals?

    /// Creates a report.
    public init(
        path: String, fileSize: Int? = nil, status: JPEGStatus, message: String? = nil,
        pixelWidth: Int? = nil, pixelHeight: Int? = nil, exif: EXIFMetadata? = nil, gpano: GPano? = nil,
        verdict: EquirectangularVerdict, verdictReason: String, warnings: [String] = [],
        gpsSource: GPSSource? = nil
    ) {
        self.path = path
        self.fileSize = fileSize
        self.status = status
        self.message = message
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.exif = exif
        self.gpano = gpano
        self.verdict = verdict
        self.verdictReason = verdictReason
        self.warnings = warnings
        self.gpsSource = gpsSource
    }
}
