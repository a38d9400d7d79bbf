/// Settings of one ``ImageChecker`` (the `mly360 check` options that affect each file).
public struct CheckOptions: Sendable, Equatable {
    /// The default of ``maxPixels``: 200 megapixels.
    public static let defaultMaxPixels = 200_000_000

    /// Thumbnail long edge in pixels (`--thumbnail-size`), at least 1.
    public var thumbnailSize: Int
    /// Thumbnail JPEG quality 1…100 (`--thumbnail-quality`).
    public var thumbnailQuality: Int
    /// Images with more pixels are refused before decoding (`--max-pixels`).
    public var maxPixels: Int
    /// How large a decode thumbnails are resampled from (`--thumbnail-decode`).
    public var thumbnailDecode: ThumbnailDecode
    /// Whether the pixel QA signals (projection from pixels, blur, exposure, hashes) are measured on the
    /// verification decode (`--no-pixel-qa` turns them off).
    public var pixelQA: Bool

    /// Creates options.
    /// - Parameters:
    ///   - thumbnailSize: long edge of thumbnails, default 512.
    ///   - thumbnailQuality: JPEG quality of thumbnails, default 85.
    ///   - maxPixels: the pixel limit, default 200,000,000.
    ///   - thumbnailDecode: the decode scale rule for thumbnails, default ``ThumbnailDecode/fine``.
    ///   - pixelQA: measure the pixel signals, default true.
    public init(thumbnailSize: Int = 512, thumbnailQuality: Int = 85, maxPixels: Int = CheckOptions.defaultMaxPixels,
                thumbnailDecode: ThumbnailDecode = .fine, pixelQA: Bool = true) {
        self.thumbnailSize = thumbnailSize
        self.thumbnailQuality = thumbnailQuality
        self.maxPixels = maxPixels
        self.thumbnailDecode = thumbnailDecode
        self.pixelQA = pixelQA
    }
}
