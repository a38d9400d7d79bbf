/// What ``XMPReader`` learned from a file's standard and Extended XMP.
public struct XMPMetadata: Sendable, Equatable {
    /// GPano properties, merged from the standard packet and a verified Extended XMP; nil when none was found.
    public var gpano: GPano?
    /// Whether Extended XMP was present and whether it verified.
    public var extended: ExtendedXMPStatus
    /// Problems found (refused or malformed packets, Extended XMP failures, refused `exif:` values), as sentences.
    public var warnings: [String]
    /// `exif:GPSLatitude`, signed decimal degrees; nil when absent or when any part of the position was invalid.
    public var latitude: Double?
    /// `exif:GPSLongitude`, signed decimal degrees; nil when absent or when any part of the position was invalid.
    public var longitude: Double?
    /// `exif:GPSAltitude` signed by `exif:GPSAltitudeRef`, metres (negative below sea level); nil when absent or invalid.
    public var altitude: Double?
    /// `exif:DateTimeOriginal` in Exif form `YYYY:MM:DD HH:MM:SS`; nil when absent or invalid.
    public var dateTimeOriginal: String?

    /// Creates XMP metadata; every field defaults to absent.
    public init(
        gpano: GPano? = nil, extended: ExtendedXMPStatus = .absent, warnings: [String] = [],
        latitude: Double? = nil, longitude: Double? = nil, altitude: Double? = nil, dateTimeOriginal: String? = nil
    ) {
        self.gpano = gpano
        self.extended = extended
        self.warnings = warnings
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.dateTimeOriginal = dateTimeOriginal
    }
}
