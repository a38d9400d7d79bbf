import Foundation
import Testing
@testable import Imaging

@Suite("Thumbnailer and Lanczos-3 resampler")
struct ThumbnailerTests {
    @Test("long edge becomes the size, short edge is rounded and at least 1",
          arguments: [((5760, 2880), (512, 256)), ((4542, 1545), (512, 174)), ((28, 32), (448, 512)),
                      ((1, 1000), (1, 512)), ((1000, 1), (512, 1)), ((32, 28), (512, 448))])
    func scaledSize(_ source: (Int, Int), _ expected: (Int, Int)) {
        let size = Thumbnailer.scaledSize(width: source.0, height: source.1, longEdge: 512)
        #expect(size == expected)
    }

    @Test("a flat colour stays exactly flat when shrunk or enlarged", arguments: [(16, 8), (7, 3), (200, 100)])
    func flatColour(_ size: (Int, Int)) {
        let image = DecodedImage(width: 64, height: 32, rgb: Fixtures.solid(width: 64, height: 32, 12, 130, 250))
        let out = LanczosResampler.resample(image, width: size.0, height: size.1, wrapHorizontally: false)
        #expect((out.width, out.height) == size)
        #expect(out.rgb == Fixtures.solid(width: size.0, height: size.1, 12, 130, 250))
    }

    @Test("a ramp keeps its mean and direction")
    func ramp() {
        let image = DecodedImage(width: 64, height: 32, rgb: Fixtures.ramp(width: 64, height: 32))
        let out = LanczosResampler.resample(image, width: 16, height: 8, wrapHorizontally: false)
        let reds = (0..<16).map { Int(out.rgb[3 * (4 * 16 + $0)]) }
        #expect(reds == reds.sorted())
        let meanIn = Double(image.rgb.enumerated().filter { $0.offset % 3 == 1 }.map { Int($0.element) }.reduce(0, +)) / 2048
        let meanOut = Double(out.rgb.enumerated().filter { $0.offset % 3 == 1 }.map { Int($0.element) }.reduce(0, +)) / 128
        #expect(abs(meanIn - meanOut) < 1.5)
    }

    @Test("horizontal taps wrap around for panoramas and repeat the edge otherwise")
    func wrap() {
        // Red in the four leftmost columns, black elsewhere.
        var rgb = [UInt8](repeating: 0, count: 64 * 8 * 3)
        for y in 0..<8 { for x in 0..<4 { rgb[(y * 64 + x) * 3] = 255 } }
        let image = DecodedImage(width: 64, height: 8, rgb: rgb)
        let wrapped = LanczosResampler.resample(image, width: 16, height: 2, wrapHorizontally: true)
        let clamped = LanczosResampler.resample(image, width: 16, height: 2, wrapHorizontally: false)
        #expect(wrapped.rgb[15 * 3] > 20)   // the right edge sees the left edge's red
        #expect(clamped.rgb[15 * 3] == 0)
        #expect(wrapped.rgb[0] > 100 && clamped.rgb[0] > 100)
    }

    @Test("the partial last column of a DCT-scaled decode does not shift the picture")
    func partialEdge() {
        // 33 columns holding 32.5 columns of picture, a ramp of 5 per column, shrunk 2×.
        let ramp = (0..<33).flatMap { x -> [UInt8] in [UInt8(x * 5), 0, 0] }
        let image = DecodedImage(width: 33, height: 1, rgb: ramp)
        let honest = LanczosResampler.resample(image, width: 16, height: 1, wrapHorizontally: false, contentWidth: 32, contentHeight: 1)
        let naive = LanczosResampler.resample(image, width: 16, height: 1, wrapHorizontally: false)
        // Output column 8 is centred on source column 16.5 (value 82.5), not 17.03 (85.2).
        #expect((82...83).contains(honest.rgb[8 * 3]))
        #expect((85...86).contains(naive.rgb[8 * 3]))
    }

    @Test("the SIMD passes give exactly the pixels of a plain scalar Lanczos-3",
          arguments: [(37, 23, 13, 7, false), (37, 23, 13, 7, true), (61, 40, 16, 9, true), (50, 30, 50, 30, false),
                      (20, 10, 45, 21, true)])
    func matchesScalarReference(_ inW: Int, _ inH: Int, _ outW: Int, _ outH: Int, _ wrap: Bool) {
        var seed: UInt32 = 12345
        let rgb = (0..<(inW * inH * 3)).map { _ -> UInt8 in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: seed >> 24)
        }
        let image = DecodedImage(width: inW, height: inH, rgb: rgb)
        let span = (Double(inW) - 0.5, Double(inH) - 0.25)
        let fast = LanczosResampler.resample(
            image, width: outW, height: outH, wrapHorizontally: wrap, contentWidth: span.0, contentHeight: span.1)
        let cache = LanczosResampler.WeightsCache()
        for _ in 0..<2 {  // the second call takes its tables from the cache
            let cached = LanczosResampler.resample(image, width: outW, height: outH, wrapHorizontally: wrap,
                                                   contentWidth: span.0, contentHeight: span.1, cache: cache)
            #expect(cached == fast)
        }
        #expect(fast == Self.scalarReference(image, outW, outH, wrap, span.0, span.1))
    }

    /// The textbook separable resampler: taps (padded, normalised in Double), vertical pass in Float
    /// skipping zero weights, then horizontal, round and clamp.
    static func scalarReference(_ image: DecodedImage, _ w: Int, _ h: Int, _ wrap: Bool, _ spanX: Double, _ spanY: Double) -> DecodedImage {
        func table(_ n: Int, _ span: Double, _ out: Int, _ wrap: Bool) -> (taps: Int, index: [Int], weight: [Float]) {
            let scale = span / Double(out), filterScale = max(scale, 1), support = 3 * filterScale
            let taps = Int((2 * support).rounded(.up)) + 2
            var index: [Int] = [], weight: [Float] = []
            for o in 0..<out {
                let center = (Double(o) + 0.5) * scale - 0.5
                let first = Int((center - support).rounded(.down)) + 1
                let raw = (0..<taps).map { LanczosResampler.lanczos3((Double(first + $0) - center) / filterScale) }
                let sum = raw.reduce(0, +)
                for t in 0..<taps {
                    let i = first + t
                    index.append(wrap ? ((i % n) + n) % n : min(max(i, 0), n - 1))
                    weight.append(sum == 0 ? 0 : Float(raw[t] / sum))
                }
            }
            return (taps, index, weight)
        }
        let cols = table(image.width, spanX, w, wrap), rows = table(image.height, spanY, h, false)
        var inter = [Float](repeating: 0, count: h * image.width * 3)
        for y in 0..<h { for t in 0..<rows.taps where rows.weight[y * rows.taps + t] != 0 {
            for x in 0..<(image.width * 3) {
                inter[y * image.width * 3 + x] += rows.weight[y * rows.taps + t]
                    * Float(image.rgb[rows.index[y * rows.taps + t] * image.width * 3 + x])
            }
        } }
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h { for x in 0..<w { for c in 0..<3 {
            var sum: Float = 0
            for t in 0..<cols.taps {
                sum += cols.weight[x * cols.taps + t] * inter[y * image.width * 3 + cols.index[x * cols.taps + t] * 3 + c]
            }
            let v = sum + 0.5
            out[(y * w + x) * 3 + c] = v <= 0 ? 0 : v >= 255 ? 255 : UInt8(v)
        } } }
        return DecodedImage(width: w, height: h, rgb: out)
    }

    // a b c        orientation → expected rows
    // d e f
    @Test("EXIF orientations 1…8", arguments: [
        (1, 3, [["a", "b", "c"], ["d", "e", "f"]]),
        (2, 3, [["c", "b", "a"], ["f", "e", "d"]]),
        (3, 3, [["f", "e", "d"], ["c", "b", "a"]]),
        (4, 3, [["d", "e", "f"], ["a", "b", "c"]]),
        (5, 2, [["a", "d"], ["b", "e"], ["c", "f"]]),
        (6, 2, [["d", "a"], ["e", "b"], ["f", "c"]]),
        (7, 2, [["f", "c"], ["e", "b"], ["d", "a"]]),
        (8, 2, [["c", "f"], ["b", "e"], ["a", "d"]]),
    ])
    func orientation(_ value: Int, _ width: Int, _ rows: [[String]]) {
        let labels = ["a", "b", "c", "d", "e", "f"]
        let image = DecodedImage(width: 3, height: 2, rgb: (0..<6).flatMap { [UInt8($0 * 10), 0, 0] })
        let out = image.oriented(value)
        #expect(out.width == width && out.height == rows.count)
        let got = (0..<out.height).map { y in (0..<out.width).map { x in labels[Int(out.rgb[(y * out.width + x) * 3]) / 10] } }
        #expect(got == rows)
    }

    @Test("render + encode makes a JPEG of the thumbnail size with the source's colours")
    func renderAndEncode() throws {
        let thumbnailer = try Thumbnailer(size: 32, quality: 90)
        let source = DecodedImage(width: 128, height: 64, rgb: Fixtures.solid(width: 128, height: 64, 30, 160, 90))
        let jpeg = try thumbnailer.encode(thumbnailer.render(
            source, fullWidth: 1024, fullHeight: 512, scaleDenominator: 8, wrapHorizontally: true, orientation: 8))
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(jpeg)
        #expect((header.width, header.height, header.subsampling) == (16, 32, .s420))
        let pixels = try #require(decoder.decode(jpeg, header: header, scaleDenominator: 1).image)
        #expect(abs(Int(pixels.rgb[0]) - 30) <= 3 && abs(Int(pixels.rgb[1]) - 160) <= 3)
    }

    @Test("invalid size or quality is refused", arguments: [(0, 85), (512, 0), (512, 101)])
    func invalidOptions(_ size: Int, _ quality: Int) {
        #expect(throws: ImagingError.self) { _ = try Thumbnailer(size: size, quality: quality) }
    }
}
