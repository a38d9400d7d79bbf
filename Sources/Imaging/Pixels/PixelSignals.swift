/// Quality signals measured on the pixels the verification decode already produced (no second decode):
/// projection evidence, sharpness, exposure, information and black fill.
///
/// Everything is measured on a luma plane (Y = (77 R + 150 G + 29 B) / 256) box-reduced to at most
/// ``workingWidth`` pixels wide, so the figures do not depend on the DCT scale the decode used.
/// Thresholds (measured on the real test panoramas and their transformed copies):
/// - **seam ratio** = mean |first − last column| / mean adjacent-column difference, over the rows between
///   10 % and 90 % of the height: real panoramas 0.66–1.89, 2:1 crops of flat photos 6.9–13.4; above
///   ``seamLimit`` (5) the edges do not meet.
/// - **pole uniformity** = standard deviation of the top (bottom) row / standard deviation of the image: real
///   panoramas have a pole at 0.000–0.198; a full-sphere candidate needs one at or below ``poleLimit``
///   (0.35), and neither above 0.5 is a contradiction.
/// - **blur score** = variance of the Laplacian / variance of the luma, on the equatorial band (25–75 % of
///   the height): sharp real images 0.072–1.14 (panoramas 0.28–1.14), the panoramas blurred with σ = 14 px
///   at 5760 px (scaled to their width) 0.0016–0.025; below ``blurLimit`` (0.04) the image is blurry.
/// - **exposure**: mean brightness (0–1) below 0.15 is dark; above 0.85, or more than half the pixels at
///   luma ≥ 250, is overexposed (a panorama's sky is often blown out while the scene is fine: THETA V
///   `R0014760.JPG` has 29 % clipped at brightness 0.54).
/// - **entropy**: Shannon entropy of the luma histogram in bits (0–8); low values mean little information.
/// - **black fraction**: share of rows, counted inward from the top and from the bottom, whose mean luma is
///   below 8 and maximum below 40 (black fill of partial panoramas, masked nadirs).
public struct PixelSignals: Sendable, Equatable, Encodable {
    /// The width the luma plane is reduced to.
    public static let workingWidth = 720
    /// Seam ratios above this mean the left and right edges do not meet.
    public static let seamLimit = 5.0
    /// A pole row at or below this uniformity is what a full sphere shows.
    public static let poleLimit = 0.35
    /// Blur scores below this are blurry.
    public static let blurLimit = 0.04
    /// Brightness below this is dark.
    public static let darkBrightness = 0.15
    /// Brightness above this is overexposed.
    public static let brightBrightness = 0.85
    /// A clipped-highlight share above this is overexposed.
    public static let clippedLimit = 0.5

    /// The pixels' projection evidence (``PixelProjection/unknown`` unless ``isFullSphereCandidate``).
    public var projection: PixelProjection
    /// The evidence in words.
    public var projectionReason: String
    /// Mean |first − last column| / mean adjacent-column difference (nil when not measured).
    public var seamRatio: Double?
    /// Sharpness: variance of the Laplacian / variance of the luma on the equatorial band.
    public var blurScore: Double
    /// Whether ``blurScore`` is below ``blurLimit``.
    public var blurry: Bool
    /// Mean luma, 0–1.
    public var brightness: Double
    /// Share of pixels at luma ≥ 250.
    public var clippedFraction: Double
    /// The exposure class.
    public var exposure: Exposure
    /// Shannon entropy of the luma histogram, bits.
    public var entropy: Double
    /// Share of rows that are black fill at the top and bottom.
    public var blackFraction: Double
    /// The DCT perceptual hash (64 bits; as imagededup's pHash: near-duplicates differ in few bits).
    public var phash: UInt64
    /// The yaw-invariant hash (64 bits): the same for a panorama turned by any yaw angle, re-encoded or resized.
    public var yawHash: UInt64

    /// ``phash`` as 16 hex digits.
    public var phashHex: String { PerceptualHash.hex(phash) }
    /// ``yawHash`` as 16 hex digits.
    public var yawHashHex: String { PerceptualHash.hex(yawHash) }

    /// The smallest decoded image worth measuring (16 × 8 pixels): below it every figure is noise.
    public static func measurable(_ image: DecodedImage) -> Bool { image.width >= 16 && image.height >= 8 }

    /// Measures an image (see ``measurable(_:)``).
    /// - Parameters:
    ///   - image: the decoded pixels (any DCT scale).
    ///   - isFullSphereCandidate: whether the image may be a full sphere (aspect ≈ 2:1, or GPano full sphere);
    ///     otherwise the projection is ``PixelProjection/unknown``.
    public init(_ image: DecodedImage, isFullSphereCandidate: Bool) {
        let plane = LumaPlane(image, maxWidth: Self.workingWidth)
        brightness = plane.mean / 255
        clippedFraction = plane.clippedFraction
        entropy = plane.entropy
        blackFraction = plane.blackFillFraction
        blurScore = plane.laplacianRatio(fromRow: plane.height / 4, toRow: plane.height * 3 / 4)
        blurry = blurScore < Self.blurLimit
        phash = PerceptualHash.phash(plane)
        yawHash = PerceptualHash.yawHash(plane)
        exposure = brightness < Self.darkBrightness ? .dark
            : (brightness > Self.brightBrightness || clippedFraction > Self.clippedLimit) ? .overexposed : .ok
        guard isFullSphereCandidate else {
            projection = .unknown
            projectionReason = "not a full-sphere candidate (not 2:1, no GPano full sphere)"
            seamRatio = nil
            return
        }
        guard plane.width >= 64, plane.height >= 32, plane.deviation > 1 else {
            projection = .unknown
            projectionReason = plane.deviation > 1 ? "too small to tell (\(image.width)×\(image.height) decoded)"
                : "a uniform image: the pixels cannot tell"
            seamRatio = nil
            return
        }
        let seam = plane.seamRatio()
        seamRatio = seam
        let top = plane.rowDeviation(0) / plane.deviation
        let bottom = plane.rowDeviation(plane.height - 1) / plane.deviation
        let pole = min(top, bottom)
        let seamText = Self.format(seam)
        let poleText = "pole uniformity \(Self.format(top)) top / \(Self.format(bottom)) bottom"
        if seam > Self.seamLimit {
            projection = .inconsistent
            projectionReason = "the left and right edges do not meet (seam ratio \(seamText) > \(Self.format(Self.seamLimit)))"
        } else if pole > 0.5 {
            projection = .inconsistent
            projectionReason = "neither pole row is near-uniform (\(poleText)); seam ratio \(seamText)"
        } else if pole <= Self.poleLimit {
            projection = .consistent
            projectionReason = "the edges meet (seam ratio \(seamText)) and a pole row is near-uniform (\(poleText))"
        } else {
            projection = .unknown
            projectionReason = "the edges meet (seam ratio \(seamText)) but the poles are ambiguous (\(poleText))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case projection, brightness, exposure, entropy, blurry
        case projectionReason = "projection_reason"
        case seamRatio = "seam_ratio"
        case blurScore = "blur_score"
        case clippedFraction = "clipped_fraction"
        case blackFraction = "black_fraction"
        case phash
        case yawHash = "yaw_hash"
    }

    /// Encodes the hashes as hex text (JSON numbers cannot hold 64 bits exactly).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(projection, forKey: .projection)
        try container.encode(projectionReason, forKey: .projectionReason)
        try container.encodeIfPresent(seamRatio, forKey: .seamRatio)
        try container.encode(blurScore, forKey: .blurScore)
        try container.encode(blurry, forKey: .blurry)
        try container.encode(brightness, forKey: .brightness)
        try container.encode(clippedFraction, forKey: .clippedFraction)
        try container.encode(exposure, forKey: .exposure)
        try container.encode(entropy, forKey: .entropy)
        try container.encode(blackFraction, forKey: .blackFraction)
        try container.encode(phashHex, forKey: .phash)
        try container.encode(yawHashHex, forKey: .yawHash)
    }

    /// `value` with 3 significant digits.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        if value == 0 { return "0" }
        let magnitude = value.magnitude
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.1 ? 3 : 4
        return String(format: "%.\(decimals)f", value)
    }
}
