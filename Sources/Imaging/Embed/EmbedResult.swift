/// What ``MetadataEmbedder/embed(_:metadata:)`` made of one JPEG.
public struct EmbedResult: Sendable, Equatable {
    /// The new file: the input with its Exif and XMP APP1 segments added or merged, every other byte as it was.
    /// Equal to the input when ``changed`` is false.
    public var bytes: [UInt8]
    /// Whether anything was added (false for a file that already holds everything: embedding is idempotent).
    public var changed: Bool
    /// The EXIF tags added (names, e.g. `GPSLatitude`); the file's own tags are never replaced.
    public var addedEXIF: [String]
    /// The XMP properties added (qualified names, e.g. `GPano:ProjectionType`).
    public var addedXMP: [String]
    /// Whether the file now carries GPano (written now or already there).
    public var hasGPano: Bool
    /// Why GPano was not written, when it was not.
    public var gpanoSkipped: String?
    /// Anything the user should know (an existing segment that could not be merged, a value out of range).
    public var warnings: [String]

    /// The catalogue's `embedded` value: what the file carries, e.g. `exif+xmp+gpano`, or
    /// `exif+xmp (no GPano: 1024×768 is not 2:1)`.
    public var summary: String {
        var parts = ["exif", "xmp"]
        if hasGPano { parts.append("gpano") }
        return parts.joined(separator: "+") + (gpanoSkipped.map { " (no GPano: \($0))" } ?? "")
    }
}
