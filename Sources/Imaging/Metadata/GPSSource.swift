/// Where an image's GPS position came from.
public enum GPSSource: String, Sendable, Equatable {
    /// The Exif GPS IFD (read by libexif, or from the raw TIFF bytes where libexif dropped an entry).
    case exif
    /// The XMP `exif:` namespace (`http://ns.adobe.com/exif/1.0/`), used only when Exif has no valid position.
    case xmp
}
