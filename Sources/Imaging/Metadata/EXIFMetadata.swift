/// What libexif read from a file's Exif APP1 (MakerNotes are never formatted).
public struct EXIFMetadata: Sendable, Equatable {
    /// One Exif tag as libexif displays it.
    public struct Entry: Sendable, Equatable {
        /// The IFD name: `0`, `1`, `EXIF`, `GPS` or `Interoperability`.
        public var ifd: String
        /// The tag number.
        public var tag: UInt16
        /// libexif's tag name, e.g. `DateTimeOriginal`.
        public var name: String
        /// libexif's display value (for people, not for arithmetic).
        public var value: String

        /// Creates an entry.
        public init(ifd: String, tag: UInt16, name: String, value: String) {
            self.ifd = ifd
            self.tag = tag
            self.name = name
            self.value = value
        }
    }

    /// `Make` (IFD0), trimmed; nil when absent or empty.
    public var make: String?
    /// `Model` (IFD0), trimmed; nil when absent or empty.
    public var model: String?
    /// `DateTimeOriginal` from the Exif sub-IFD, else IFD0, as written (`YYYY:MM:DD HH:MM:SS`).
    public var dateTimeOriginal: String?
    /// `Orientation` 1…8; nil when absent or out of range.
    public var orientation: Int?
    /// Signed decimal degrees; nil when absent or when any part of the position was invalid.
    public var latitude: Double?
    /// Signed decimal degrees; nil when absent or when any part of the position was invalid.
    public var longitude: Double?
    /// Metres, negative below sea level; nil when absent or invalid.
    public var altitude: Double?
    /// Every tag libexif read, in IFD order; a MakerNote is listed as "(MakerNote, N bytes, not decoded)", never formatted.
    public var entries: [Entry]
    /// Problems found: invalid GPS dropped, libexif "corrupt data" log lines.
    public var warnings: [String]

    /// Creates metadata; every field defaults to absent.
    public init(
        make: String? = nil, model: String? = nil, dateTimeOriginal: String? = nil, orientation: Int? = nil,
        latitude: Double? = nil, longitude: Double? = nil, altitude: Double? = nil,
        entries: [Entry] = [], warnings: [String] = []
    ) {
        self.make = make
        self.model = model
        self.dateTimeOriginal = dateTimeOriginal
        self.orientation = orientation
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.entries = entries
        self.warnings = warnings
    }
}
