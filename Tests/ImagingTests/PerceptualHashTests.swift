import Foundation
import Testing
@testable import Imaging

@Suite("Perceptual hashes: pHash and the yaw-invariant hash")
struct PerceptualHashTests {
    static func hamming(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// The image turned by a yaw angle: every row shifted circularly by `columns`.
    static func rolled(_ image: DecodedImage, by columns: Int) -> DecodedImage {
        var rgb = image.rgb
        let w = image.width
        for y in 0..<image.height {
            for x in 0..<w {
                let from = (y * w + (x + columns) % w) * 3, to = (y * w + x) * 3
                rgb[to] = image.rgb[from]; rgb[to + 1] = image.rgb[from + 1]; rgb[to + 2] = image.rgb[from + 2]
            }
        }
        return DecodedImage(width: w, height: image.height, rgb: rgb)
    }

    /// Encodes at `quality` and decodes again.
    static func reencoded(_ image: DecodedImage, quality: Int) throws -> DecodedImage {
        let jpeg = try JPEGEncoder().encode(rgb: image.rgb, width: image.width, height: image.height, quality: quality,
                                            subsampling: .s420, progressive: false)
        var decoder = try JPEGDecoder()
        return try #require(decoder.decode(jpeg, header: try decoder.readHeader(jpeg), scaleDenominator: 1).image)
    }

    static func hashes(_ image: DecodedImage) -> (p: UInt64, y: UInt64) {
        let s = PixelSignals(image, isFullSphereCandidate: false)
        return (s.phash, s.yawHash)
    }

    @Test("on the real panoramas the yaw hash matches rolls (≤ 6 bits; pHash does not), re-encodes and resizes, and tells images apart (≥ 20 bits)",
          .enabled(if: Fixtures.hasRealFiles, "../shared/testdata/real is absent"))
    func realDistances() throws {
        let names = ["pano/GSAG2002.JPG", "pano/R0014760.JPG", "pano/sun.jpg", "not-pano/examplepano.jpg"]
        var originals: [DecodedImage] = []
        for name in names { originals.append(try #require(try PixelSignalsTests.decodeReal(name))) }
        for (name, image) in zip(names, originals) {
            let base = Self.hashes(image)
            for shift in [1, image.width / 7, image.width / 3, image.width / 2] {
                let r = Self.hashes(Self.rolled(image, by: shift))
                #expect(Self.hamming(base.y, r.y) <= 6, "\(name) roll \(shift): yaw \(Self.hamming(base.y, r.y))")
                if shift >= image.width / 7 {
                    #expect(Self.hamming(base.p, r.p) > 10, "a roll defeats the ordinary pHash (\(name) \(shift))")
                }
            }
            let q = Self.hashes(try Self.reencoded(image, quality: 50))
            #expect(Self.hamming(base.p, q.p) <= 8 && Self.hamming(base.y, q.y) <= 6, "\(name) re-encoded at quality 50")
            let half = LanczosResampler.resample(image, width: image.width / 2, height: image.height / 2, wrapHorizontally: true)
            let h = Self.hashes(half)
            #expect(Self.hamming(base.p, h.p) <= 8 && Self.hamming(base.y, h.y) <= 6, "\(name) at half size")
        }
        for i in 0..<originals.count {
            for j in (i + 1)..<originals.count {
                let a = Self.hashes(originals[i]), b = Self.hashes(originals[j])
                #expect(Self.hamming(a.p, b.p) >= 20 && Self.hamming(a.y, b.y) >= 20, "\(names[i]) vs \(names[j])")
            }
        }
    }
}
