/// Outcome of verifying one JPEG file (the CSV's `jpeg_status`).
public enum JPEGStatus: String, Sendable, CaseIterable, Codable {
    /// Decoded with no warning.
    case ok
    /// Decoded, but the decoder warned (truncated, corrupt entropy data, junk between markers…).
    case damaged
    /// Could not be decoded at all (not a JPEG, no frame, fatal decoder error, unreadable file).
    case unreadable
    /// A CSV row names a file that is not on disk.
    case missing
}
