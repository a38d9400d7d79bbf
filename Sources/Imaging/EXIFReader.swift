/// Reads Exif metadata with libexif.
public enum EXIFReader {
    /// Reads the Exif APP1 payload (starting with `Exif\0\0`, at most 65,533 bytes).
    ///
    /// - Returns: the metadata, or nil when the payload holds no Exif entries.
    public static func read(exifPayload: [UInt8]) -> EXIFMetadata? {
        nil
    }
}
