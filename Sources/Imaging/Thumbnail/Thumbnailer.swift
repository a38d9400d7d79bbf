#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Makes JPEG thumbnails from decoded pixels: Lanczos-3 resample, EXIF orientation, `tjCompress2` encode
/// (4:2:0), and an atomic write.
///
/// Owns one ``JPEGEncoder``. Not `Sendable`: create one per task.
public struct Thumbnailer: ~Copyable {
    private let encoder: JPEGEncoder
    /// Lanczos tap tables of recent sizes, reused across images.
    private let weightsCache = LanczosResampler.WeightsCache()
    /// Long edge of thumbnails in pixels.
    public let size: Int
    /// JPEG quality of thumbnails, 1…100.
    public let quality: Int

    /// Creates a thumbnailer.
    /// - Parameters:
    ///   - size: long edge in pixels, at least 1.
    ///   - quality: JPEG quality 1…100.
    /// - Throws: ``ImagingError/codec(operation:message:)`` when the size or quality is out of range or
    ///   TurboJPEG cannot allocate a compressor.
    public init(size: Int = 512, quality: Int = 85) throws(ImagingError) {
        guard size >= 1 else { throw .codec(operation: "thumbnail", message: "the thumbnail size must be at least 1, not \(size)") }
        guard (1...100).contains(quality) else {
            throw .codec(operation: "thumbnail", message: "the thumbnail quality must be 1…100, not \(quality)")
        }
        encoder = try JPEGEncoder()
        self.size = size
        self.quality = quality
    }

    /// The thumbnail size for a `width × height` image: the long edge becomes `longEdge`, the short edge
    /// is scaled in proportion and rounded, at least 1.
    public static func scaledSize(width: Int, height: Int, longEdge: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return (longEdge, longEdge) }
        if width >= height {
            return (longEdge, max(1, Int((Double(height) * Double(longEdge) / Double(width)).rounded())))
        }
        return (max(1, Int((Double(width) * Double(longEdge) / Double(height)).rounded())), longEdge)
    }

    /// The thumbnail size for a `width × height` image: ``scaledSize(width:height:longEdge:)`` with the long
    /// edge `longEdge`, or the image's own size when it is smaller than that. Thumbnails never enlarge.
    public static func thumbnailSize(width: Int, height: Int, longEdge: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return scaledSize(width: width, height: height, longEdge: longEdge) }
        if max(width, height) <= longEdge { return (width, height) }
        return scaledSize(width: width, height: height, longEdge: longEdge)
    }

    /// Resamples decoded pixels to the thumbnail size and applies the EXIF orientation.
    /// - Parameters:
    ///   - image: the (possibly DCT-scaled) decoded image.
    ///   - fullWidth: the image's width before DCT scaling, which fixes the aspect ratio.
    ///   - fullHeight: the image's height before DCT scaling.
    ///   - scaleDenominator: the DCT scale the image was decoded at (1, 2, 4 or 8).
    ///   - wrapHorizontally: wrap horizontal taps (equirectangular images).
    ///   - orientation: EXIF `Orientation` 1…8, or nil.
    /// - Returns: the thumbnail pixels, long edge ``size``; an image smaller than that keeps its own size
    ///   (see ``thumbnailSize(width:height:longEdge:)``).
    public func render(
        _ image: DecodedImage, fullWidth: Int, fullHeight: Int, scaleDenominator: Int, wrapHorizontally: Bool,
        orientation: Int?
    ) -> DecodedImage {
        let (w, h) = Self.thumbnailSize(width: fullWidth, height: fullHeight, longEdge: size)
        let k = Double(max(1, scaleDenominator))
        return LanczosResampler.resample(
            image, width: w, height: h, wrapHorizontally: wrapHorizontally,
            contentWidth: Double(fullWidth) / k, contentHeight: Double(fullHeight) / k, cache: weightsCache
        ).oriented(orientation)
    }

    /// Encodes pixels as a JPEG at ``quality``, 4:2:0.
    /// - Throws: ``ImagingError/codec(operation:message:)`` when TurboJPEG fails.
    public func encode(_ image: DecodedImage) throws(ImagingError) -> [UInt8] {
        try encoder.encode(rgb: image.rgb, width: image.width, height: image.height, quality: quality, subsampling: .s420)
    }
}
