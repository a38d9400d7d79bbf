import Foundation

/// Decides whether an image is an equirectangular panorama from its pixels, its GPano and the API's opinion.
///
/// With A = pixel width / pixel height and "≈" meaning within 1 %:
/// - no readable size (nil or not positive) → ``EquirectangularVerdict/unknown``;
/// - GPano `ProjectionType` equirectangular (or absent: the schema's default) with full-pano and/or crop sizes
///   (a missing crop means the full sphere; a missing full size means the crop is the sphere):
///   crop = full and A ≈ full W/H → ``EquirectangularVerdict/confirmed`` (a warning when the pixels differ from
///   the declared size: resized); crop smaller than full and A ≈ crop W/H → ``EquirectangularVerdict/partial``;
///   otherwise ``EquirectangularVerdict/inconsistent``;
/// - GPano equirectangular without any size field: A ≈ 2 → `confirmed`, else `inconsistent`;
/// - GPano with another projection → ``EquirectangularVerdict/no`` (`inconsistent` when the API says panorama);
/// - no GPano: A ≈ 2 → ``EquirectangularVerdict/likely``; the API says panorama and A is not ≈ 2 →
///   `inconsistent`; otherwise `no`.
/// - the pixels' evidence (``PixelSignals``), when measured: no GPano, A ≈ 2 and pixels `inconsistent` → `no`
///   (`inconsistent` when the API says panorama); no GPano, A ≈ 2, pixels `consistent` and the API says
///   panorama → `confirmed`; without the API's word it stays `likely`. GPano rules stay as they are; pixels
///   that contradict a GPano full sphere add a warning.
public enum ProjectionClassifier {
    /// The relative tolerance of "≈": 1 %.
    public static let aspectTolerance = 0.01

    /// Classifies one image.
    ///
    /// - Parameters:
    ///   - pixelWidth: width from the frame header; nil when no header could be read.
    ///   - pixelHeight: height from the frame header; nil when no header could be read.
    ///   - gpano: GPano from the file's XMP, if any.
    ///   - apiSaysPanorama: true when the API metadata says panorama (`is_pano`, or `camera_type` spherical or
    ///     equirectangular); nil when unknown.
    ///   - pixels: what the pixels say (``PixelSignals/projection`` and its reason), when they were measured.
    public static func classify(
        pixelWidth: Int?, pixelHeight: Int?, gpano: GPano?, apiSaysPanorama: Bool?,
        pixels: (projection: PixelProjection, reason: String)? = nil
    ) -> ProjectionAssessment {
        guard let width = pixelWidth, let height = pixelHeight, width > 0, height > 0 else {
            return ProjectionAssessment(verdict: .unknown, reason: "no readable header: the pixel size is unknown")
        }
        let evidence = pixels
        let pixels = Size(width: width, height: height)
        let apiPano = apiSaysPanorama == true
        guard let gpano else {
            return classifyWithoutGPano(pixels: pixels, apiSaysPanorama: apiPano, evidence: evidence)
        }
        let projection = gpano.projectionType?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !projection.isEmpty && projection.lowercased() != "equirectangular" {
            if apiPano {
                return ProjectionAssessment(
                    verdict: .inconsistent,
                    reason: "GPano ProjectionType is \(projection), not equirectangular, but the API says panorama")
            }
            return ProjectionAssessment(
                verdict: .no, reason: "GPano ProjectionType is \(projection), not equirectangular")
        }
        let label = projection.isEmpty ? "GPano without ProjectionType (default equirectangular)" : "GPano equirectangular"
        var result = classifyEquirectangular(gpano: gpano, label: label, pixels: pixels)
        if result.verdict == .confirmed, let evidence, evidence.projection == .inconsistent {
            result.warnings.append("the pixels contradict a full sphere: \(evidence.reason)")
        }
        return result
    }

    /// Whether an image may be a full sphere, so that its pixels are worth testing: aspect ≈ 2:1, or a GPano
    /// full sphere (crop = full) of ≈ 2:1.
    public static func isFullSphereCandidate(pixelWidth: Int, pixelHeight: Int, gpano: GPano?) -> Bool {
        guard pixelWidth > 0, pixelHeight > 0 else { return false }
        if approximately(Double(pixelWidth) / Double(pixelHeight), 2) { return true }
        guard let gpano, let width = gpano.fullWidth, let height = gpano.fullHeight, width > 0, height > 0 else { return false }
        let full = (gpano.croppedWidth ?? width) == width && (gpano.croppedHeight ?? height) == height
        return full && approximately(Double(width) / Double(height), 2)
    }

    private static func classifyWithoutGPano(
        pixels: Size, apiSaysPanorama: Bool, evidence: (projection: PixelProjection, reason: String)?
    ) -> ProjectionAssessment {
        if approximately(pixels.aspect, 2) {
            switch evidence?.projection {
            case .inconsistent?:
                if apiSaysPanorama {
                    return ProjectionAssessment(
                        verdict: .inconsistent,
                        reason: "no GPano; the API says panorama and pixels \(pixels) are 2:1, but \(evidence?.reason ?? "")")
                }
                return ProjectionAssessment(verdict: .no, reason: "no GPano; pixels \(pixels) are 2:1, but \(evidence?.reason ?? "")")
            case .consistent?:
                if apiSaysPanorama {
                    return ProjectionAssessment(
                        verdict: .confirmed,
                        reason: "the API says panorama and the 2:1 pixels \(pixels) are a full sphere: \(evidence?.reason ?? "")")
                }
                return ProjectionAssessment(verdict: .likely, reason: "no GPano; pixels \(pixels) are 2:1 and \(evidence?.reason ?? "")")
            default:
                let api = apiSaysPanorama ? " and the API says panorama" : ""
                return ProjectionAssessment(verdict: .likely, reason: "no GPano; pixels \(pixels) are 2:1\(api)")
            }
        }
        if apiSaysPanorama {
            return ProjectionAssessment(
                verdict: .inconsistent,
                reason: "no GPano; the API says panorama but pixels \(pixels) are \(ratio(pixels)), not 2:1")
        }
        return ProjectionAssessment(verdict: .no, reason: "no GPano; pixels \(pixels) are \(ratio(pixels)), not 2:1")
    }

    private static func classifyEquirectangular(gpano: GPano, label: String, pixels: Size) -> ProjectionAssessment {
        let declaredFull = Size(width: gpano.fullWidth, height: gpano.fullHeight)
        let declaredCrop = Size(width: gpano.croppedWidth, height: gpano.croppedHeight)
        guard let full = declaredFull ?? declaredCrop else {
            if approximately(pixels.aspect, 2) {
                return ProjectionAssessment(
                    verdict: .confirmed, reason: "\(label) without usable size fields; pixels \(pixels) are 2:1")
            }
            return ProjectionAssessment(
                verdict: .inconsistent,
                reason: "\(label) without usable size fields, but pixels \(pixels) are \(ratio(pixels)), not 2:1")
        }
        let crop = declaredCrop ?? full
        var warnings: [String] = []
        if !approximately(full.aspect, 2) {
            warnings.append("GPano full panorama \(full) is \(ratio(full)), not 2:1")
        }
        if crop == full {
            guard approximately(pixels.aspect, full.aspect) else {
                return ProjectionAssessment(
                    verdict: .inconsistent,
                    reason: "GPano declares a full \(full) sphere (\(ratio(full))) but pixels are \(pixels) (\(ratio(pixels)))",
                    warnings: warnings)
            }
            if pixels != full {
                warnings.append("resized: pixels \(pixels) differ from the declared \(full)")
            }
            return ProjectionAssessment(
                verdict: .confirmed, reason: "\(label), full sphere \(full), matches pixels \(pixels)", warnings: warnings)
        }
        guard crop.width <= full.width, crop.height <= full.height else {
            return ProjectionAssessment(
                verdict: .inconsistent,
                reason: "GPano crop \(crop) is larger than the declared full \(full) sphere", warnings: warnings)
        }
        guard approximately(pixels.aspect, crop.aspect) else {
            return ProjectionAssessment(
                verdict: .inconsistent,
                reason: "GPano declares a \(crop) crop (\(ratio(crop))) of a \(full) sphere but pixels are \(pixels) (\(ratio(pixels)))",
                warnings: warnings)
        }
        if pixels != crop {
            warnings.append("resized: pixels \(pixels) differ from the declared \(crop) crop")
        }
        return ProjectionAssessment(
            verdict: .partial, reason: "\(label), crop \(crop) of a \(full) sphere, matches pixels \(pixels)",
            warnings: warnings)
    }

    /// True when `value` is within ``aspectTolerance`` of `target` (relative to `target`).
    static func approximately(_ value: Double, _ target: Double) -> Bool {
        abs(value - target) <= aspectTolerance * abs(target)
    }

    private static func ratio(_ size: Size) -> String {
        String(format: "%.2f:1", size.aspect)
    }

    /// A positive width × height.
    private struct Size: Equatable, CustomStringConvertible {
        var width: Int
        var height: Int

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }

        /// Nil unless both sides are present and positive.
        init?(width: Int?, height: Int?) {
            guard let width, let height, width > 0, height > 0 else { return nil }
            self.init(width: width, height: height)
        }

        var aspect: Double { Double(width) / Double(height) }
        var description: String { "\(width)×\(height)" }
    }
}
