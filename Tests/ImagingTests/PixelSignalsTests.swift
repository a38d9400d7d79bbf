import Foundation
import Testing
@testable import Imaging

@Suite("Pixel QA signals: projection from pixels, blur, exposure, entropy, black fill")
struct PixelSignalsTests {
    static func image(_ width: Int, _ height: Int, _ rgb: [UInt8]) -> DecodedImage {
        DecodedImage(width: width, height: height, rgb: rgb)
    }

    /// The image with every channel mapped through `f`.
    static func map(_ image: DecodedImage, _ f: (Double) -> Double) -> DecodedImage {
        DecodedImage(width: image.width, height: image.height,
                     rgb: image.rgb.map { UInt8(max(0, min(255, f(Double($0))).rounded())) })
    }

    /// Three horizontal and vertical box passes of radius `r` (≈ a Gaussian of σ ≈ r).
    static func blurred(_ image: DecodedImage, radius r: Int) -> DecodedImage {
        var rgb = image.rgb.map(Double.init)
        let w = image.width, h = image.height
        for _ in 0..<3 {
            for (stride, count, lines, step) in [(3, w, h, w * 3), (w * 3, h, w, 3)] {
                var out = rgb
                for line in 0..<lines {
                    for c in 0..<3 {
                        let base = line * step + c
                        for i in 0..<count {
                            var sum = 0.0
                            var n = 0.0
                            for k in max(0, i - r)...min(count - 1, i + r) {
                                sum += rgb[base + k * stride]
                                n += 1
                            }
                            out[base + i * stride] = sum / n
                        }
                    }
                }
                rgb = out
            }
        }
        return DecodedImage(width: w, height: h, rgb: rgb.map { UInt8($0.rounded()) })
    }

    /// The real file decoded at 1/8 scale, as `check --no-thumbnails` decodes a 16-MP panorama.
    static func decodeReal(_ relative: String) throws -> DecodedImage? {
        guard let path = Fixtures.realPath(relative) else { return nil }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(bytes)
        return decoder.decode(bytes, header: header, scaleDenominator: 8).image
    }

    /// The centre 2:1 part of an image (a crop of a flat photo that a 2:1 rule alone would call a panorama).
    static func crop2to1(_ image: DecodedImage) -> DecodedImage {
        let w = min(image.width, image.height * 2), h = w / 2
        let x0 = (image.width - w) / 2, y0 = (image.height - h) / 2
        var rgb: [UInt8] = []
        for y in y0..<(y0 + h) {
            rgb += image.rgb[((y * image.width + x0) * 3)..<((y * image.width + x0 + w) * 3)]
        }
        return DecodedImage(width: w, height: h, rgb: rgb)
    }

    @Test("a synthetic sphere is consistent; a ramp's edges do not meet; edges that meet without a pole are inconsistent")
    func projection() {
        let sphere = PixelSignals(Self.image(256, 128, Fixtures.pattern(width: 256, height: 128)), isFullSphereCandidate: true)
        #expect(sphere.projection == .consistent, "\(sphere.projectionReason)")
        #expect((sphere.seamRatio ?? 99) < 1)

        let ramp = PixelSignals(Self.image(256, 128, Fixtures.ramp(width: 256, height: 128)), isFullSphereCandidate: true)
        #expect(ramp.projection == .inconsistent)
        #expect(ramp.projectionReason.contains("do not meet"), "\(ramp.projectionReason)")

        // Periodic horizontally, but every row (the poles too) as busy as the rest: not one point at a pole.
        var busy = [UInt8](repeating: 0, count: 256 * 128 * 3)
        for y in 0..<128 {
            for x in 0..<256 {
                let v = UInt8(128 + 100 * sin(2 * Double.pi * Double(x) / 32) * cos(2 * Double.pi * Double(y) / 32))
                busy[(y * 256 + x) * 3] = v
                busy[(y * 256 + x) * 3 + 1] = v
                busy[(y * 256 + x) * 3 + 2] = v
            }
        }
        let noPoles = PixelSignals(Self.image(256, 128, busy), isFullSphereCandidate: true)
        #expect(noPoles.projection == .inconsistent)
        #expect(noPoles.projectionReason.contains("neither pole"), "\(noPoles.projectionReason)")

        #expect(PixelSignals(Self.image(256, 128, Fixtures.pattern(width: 256, height: 128)), isFullSphereCandidate: false)
            .projection == .unknown)
        #expect(PixelSignals(Self.image(32, 16, Fixtures.pattern(width: 32, height: 16)), isFullSphereCandidate: true)
            .projection == .unknown, "too small to tell")
    }

    @Test("the verdict table: pixels decide a 2:1 image without GPano; they only warn against a GPano full sphere")
    func verdicts() {
        let consistent = (PixelProjection.consistent, "the edges meet")
        let inconsistent = (PixelProjection.inconsistent, "the left and right edges do not meet")
        func verdict(_ api: Bool?, _ pixels: (PixelProjection, String)?, gpano: GPano? = nil) -> ProjectionAssessment {
            ProjectionClassifier.classify(pixelWidth: 2000, pixelHeight: 1000, gpano: gpano, apiSaysPanorama: api,
                                          pixels: pixels.map { (projection: $0.0, reason: $0.1) })
        }
        #expect(verdict(nil, inconsistent).verdict == .no)
        #expect(verdict(false, inconsistent).verdict == .no)
        #expect(verdict(true, inconsistent).verdict == .inconsistent)
        let confirmed = verdict(true, consistent)
        #expect(confirmed.verdict == .confirmed)
        #expect(confirmed.reason.contains("the API says panorama") && confirmed.reason.contains("the edges meet"))
        #expect(verdict(nil, consistent).verdict == .likely)
        #expect(verdict(true, (.unknown, "ambiguous")).verdict == .likely)
        #expect(verdict(nil, nil).verdict == .likely)
        let full = GPano(projectionType: "equirectangular", fullWidth: 2000, fullHeight: 1000)
        let gpanoResult = verdict(nil, inconsistent, gpano: full)
        #expect(gpanoResult.verdict == .confirmed)
        #expect(gpanoResult.warnings.contains { $0.hasPrefix("the pixels contradict a full sphere") })
    }

    @Test("blur: a σ of 14 px at 5760 px is blurry on a real panorama; the sharp original is not",
          .enabled(if: Fixtures.hasRealFiles, "../shared/testdata/real is absent"))
    func blurOnRealPanoramas() throws {
        for name in ["pano/GSAG2002.JPG", "pano/R0014760.JPG", "pano/sun.jpg"] {
            let image = try #require(try Self.decodeReal(name))
            let sharp = PixelSignals(image, isFullSphereCandidate: true)
            #expect(!sharp.blurry && sharp.projection == .consistent, "\(name): \(sharp.blurScore) \(sharp.projectionReason)")
            // σ = 14 px at 5760 px is ≈ 1.75 px at this 1/8 scale (720 px wide).
            let soft = PixelSignals(Self.blurred(image, radius: max(1, Int((14 * Double(image.width) / 5760).rounded()))),
                                    isFullSphereCandidate: true)
            #expect(soft.blurry, "\(name): blur score \(soft.blurScore)")
            #expect(soft.blurScore < sharp.blurScore / 10)
        }
    }

    @Test("2:1 crops of real flat photos are inconsistent; real panoramas consistent",
          .enabled(if: Fixtures.hasRealFiles, "../shared/testdata/real is absent"))
    func cropsOfFlatPhotos() throws {
        for name in ["camera/DSC00001.JPG", "camera/33-type_error.jpg", "camera/28-hex_value.jpg", "broken/corrupted.jpg"] {
            let image = try #require(try Self.decodeReal(name))
            let crop = PixelSignals(Self.crop2to1(image), isFullSphereCandidate: true)
            #expect(crop.projection == .inconsistent, "\(name): \(crop.projectionReason)")
        }
    }

    @Test("exposure, entropy and black fill")
    func exposure() {
        let base = Self.image(256, 128, Fixtures.pattern(width: 256, height: 128))
        let normal = PixelSignals(base, isFullSphereCandidate: false)
        #expect(normal.exposure == .ok && normal.entropy > 5 && normal.blackFraction == 0)
        let dark = PixelSignals(Self.map(base) { $0 * 0.1 }, isFullSphereCandidate: false)
        #expect(dark.exposure == .dark && dark.brightness < 0.05)
        let bright = PixelSignals(Self.map(base) { $0 * 3 + 60 }, isFullSphereCandidate: false)
        #expect(bright.exposure == .overexposed && bright.clippedFraction > 0.5)
        let flat = PixelSignals(Self.image(64, 32, Fixtures.solid(width: 64, height: 32, 90, 90, 90)), isFullSphereCandidate: true)
        #expect(flat.entropy == 0 && flat.projection == .unknown)
        // The top 16 and bottom 8 of 128 rows black: a masked zenith and nadir.
        var masked = base.rgb
        for y in Array(0..<16) + Array(120..<128) { for i in (y * 256 * 3)..<((y + 1) * 256 * 3) { masked[i] = 0 } }
        #expect(abs(PixelSignals(Self.image(256, 128, masked), isFullSphereCandidate: false).blackFraction - 24.0 / 128) < 0.01)
    }

    @Test("a checked 2:1 file without GPano: pixels that do not make a sphere turn likely into no")
    func checkerUsesPixels() throws {
        var checker = try ImageChecker(options: CheckOptions())
        let sphere = try Fixtures.jpeg(rgb: Fixtures.pattern(width: 512, height: 256), width: 512, height: 256)
        let ramp = try Fixtures.jpeg(rgb: Fixtures.ramp(width: 512, height: 256), width: 512, height: 256)
        let good = checker.check(sphere, makeThumbnail: false, apiSaysPanorama: true).report
        #expect(good.verdict == .confirmed && good.pixels?.projection == .consistent)
        #expect(checker.check(sphere, makeThumbnail: false, apiSaysPanorama: nil).report.verdict == .likely)
        let crop = checker.check(ramp, makeThumbnail: false, apiSaysPanorama: nil).report
        #expect(crop.verdict == .no && crop.pixels?.projection == .inconsistent, "\(crop.verdictReason)")
        #expect(checker.check(ramp, makeThumbnail: false, apiSaysPanorama: true).report.verdict == .inconsistent)
    }

    @Test("inspect shows every signal with its reason, in text and JSON")
    func inspectShowsSignals() throws {
        let sphere = try Fixtures.jpeg(rgb: Fixtures.pattern(width: 512, height: 256), width: 512, height: 256)
        let inspection = ImageInspection.inspect(bytes: sphere, name: "sphere.jpg")
        let text = inspection.renderText()
        for needle in ["Pixels", "projection: consistent: the edges meet", "blur score:", "exposure:   ok", "entropy:", "black fill:"] {
            #expect(text.contains(needle), "\(needle)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspection.renderJSON().utf8)) as? [String: Any])
        let pixels = try #require(json["pixels"] as? [String: Any])
        #expect(pixels["projection"] as? String == "consistent" && pixels["blur_score"] is Double && pixels["black_fraction"] != nil)
    }
}
