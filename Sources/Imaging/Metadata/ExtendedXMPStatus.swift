/// The outcome of reassembling and verifying a file's Extended XMP (Adobe XMP Part 3 §1.1.3.1).
public enum ExtendedXMPStatus: Sendable, Equatable, CustomStringConvertible {
    /// The standard packet names no Extended XMP and no chunk was found.
    case absent
    /// Every chunk named by `xmpNote:HasExtendedXMP` was present, contiguous, and the MD5 matched the GUID.
    case verified(chunks: Int, bytes: Int)
    /// Extended XMP was announced or present but could not be used; `reason` says why, as a sentence.
    case failed(reason: String)

    /// `absent`, `verified (N chunks, B bytes)` or `failed: reason`.
    public var description: String {
        switch self {
        case .absent: "absent"
        case .verified(let chunks, let bytes): "verified (\(chunks) chunk\(chunks == 1 ? "" : "s"), \(bytes) bytes)"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
