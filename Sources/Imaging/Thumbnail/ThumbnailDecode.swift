/// How large a DCT-scaled decode a thumbnail is resampled from (`--thumbnail-decode`).
///
/// TurboJPEG can decode at 1/2, 1/4 or 1/8 scale; the smaller the scale, the less work. The thumbnail is then
/// resampled (Lanczos-3) from that decode to its size.
public enum ThumbnailDecode: String, Sendable, Equatable, CaseIterable {
    /// The smallest DCT scale whose decode is still at least the thumbnail's size: a 5760-px panorama with a
    /// 512-px thumbnail decodes at 1/8 (720 px). About a third less CPU than ``fine``, at a measured
    /// 0.2–1.3 dB lower PSNR (the 1/8 scale keeps only each 8×8 block's average; see the README's figures).
    case fast
    /// libvips' shrink-on-load rule, the default: leave at least 2× for the final resample (the same panorama
    /// decodes at 1/4, 1440 px). As faithful as vipsthumbnail.
    case fine

    /// The DCT scale denominator (1, 2, 4 or 8) for an image with long edge `longEdge` and a thumbnail
    /// whose long edge is `target`.
    public func denominator(longEdge: Int, target: Int) -> Int {
        switch self {
        case .fine:
            return JPEGDecoder.shrinkOnLoadDenominator(longEdge: longEdge, target: target)
        case .fast:
            guard target > 0 else { return 8 }
            return [8, 4, 2].first { (longEdge + $0 - 1) / $0 >= target } ?? 1
        }
    }
}
