/// A Mapillary thumbnail size, named by its `thumb_*_url` field.
public enum Resolution: String, Sendable, CaseIterable {
    /// The original upload (`thumb_original_url`), which may be absent or empty.
    case original
    /// 2048 px wide (`thumb_2048_url`).
    case r2048 = "2048"
    /// 1024 px wide (`thumb_1024_url`).
    case r1024 = "1024"
    /// 256 px wide (`thumb_256_url`).
    case r256 = "256"

    /// The image field holding this size's signed URL, for example `thumb_original_url`.
    public var fieldName: String { "thumb_\(rawValue)_url" }

    /// This resolution followed by every smaller one, in the order to try when a URL is absent.
    public var fallbacks: [Resolution] {
        let all = Resolution.allCases
        guard let start = all.firstIndex(of: self) else { return [self] }
        return Array(all[start...])
    }
}
