/// A separable Lanczos-3 resampler for packed 8-bit RGB, in gamma space (as libvips does by default).
///
/// Weights are precomputed once per output column and per output row, normalised to sum to 1, with the
/// kernel's support widened by the reduction factor when shrinking. The vertical pass runs first over
/// whole rows (contiguous, vectorisable), then the horizontal pass; accumulation is in `Float`, and the
/// result is rounded and clamped to 0…255. Horizontally, taps past an edge either wrap around (for
/// equirectangular panoramas, whose left and right edges meet) or repeat the edge pixel; vertically they
/// always repeat the edge pixel.
public enum LanczosResampler {
    /// Resamples `image` to `width × height`.
    /// - Parameters:
    ///   - image: the source pixels.
    ///   - width: output width, at least 1.
    ///   - height: output height, at least 1.
    ///   - wrapHorizontally: let horizontal taps wrap around (equirectangular images).
    ///   - contentWidth: how many source columns the picture spans; a DCT-scaled decode of a width that
    ///     is not a multiple of the scale ends in a partial column (4542 at 1/4 gives 1136 columns that
    ///     hold 1135.5 columns of picture). Nil means `image.width`.
    ///   - contentHeight: the same for rows; nil means `image.height`.
    /// - Returns: the resampled image; the source unchanged when the size is the same or invalid.
    public static func resample(
        _ image: DecodedImage, width: Int, height: Int, wrapHorizontally: Bool,
        contentWidth: Double? = nil, contentHeight: Double? = nil
    ) -> DecodedImage {
        resample(image, width: width, height: height, wrapHorizontally: wrapHorizontally,
                 contentWidth: contentWidth, contentHeight: contentHeight, cache: nil)
    }

    /// ``resample(_:width:height:wrapHorizontally:contentWidth:contentHeight:)`` reusing the tap tables
    /// kept in `cache` (a batch of same-size images needs the same tables every time).
    static func resample(
        _ image: DecodedImage, width: Int, height: Int, wrapHorizontally: Bool,
        contentWidth: Double?, contentHeight: Double?, cache: WeightsCache?
    ) -> DecodedImage {
        guard width > 0, height > 0, image.width > 0, image.height > 0,
              image.rgb.count >= image.width * image.height * 3,
              width != image.width || height != image.height || contentWidth != nil || contentHeight != nil
        else { return image }
        let spanX = min(max(contentWidth ?? Double(image.width), 1), Double(image.width))
        let spanY = min(max(contentHeight ?? Double(image.height), 1), Double(image.height))
        let columns = WeightsCache.weights(
            in: cache, inputCount: image.width, span: spanX, outputCount: width, wrap: wrapHorizontally, stride: 3)
        let rows = WeightsCache.weights(in: cache, inputCount: image.height, span: spanY, outputCount: height, wrap: false, stride: 1)
        let rowLength = image.width * 3
        let outLength = width * 3
        // One output row at a time: the vertical pass fills one Float row (in L1 cache), the horizontal
        // pass turns it into output bytes at once, so no whole intermediate image is ever stored.
        // Each source row is converted to Float once, into a small ring of rows (windows only move
        // forward). Both passes add their taps in the same order as a plain scalar loop would, so the
        // SIMD code gives bit-for-bit the same pixels.
        let ringRows = rows.taps + Int((Double(image.height) / Double(height)).rounded(.up)) + 2
        let ring = UnsafeMutablePointer<Float>.allocate(capacity: ringRows * rowLength)
        var ringSource = [Int](repeating: -1, count: ringRows)
        // `+ 4`: the horizontal pass loads 4 floats per RGB pixel, one past the last pixel.
        let line = UnsafeMutablePointer<Float>.allocate(capacity: rowLength + 4)
        line.initialize(repeating: 0, count: rowLength + 4)
        let tapRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: rows.taps)
        let tapWeights = UnsafeMutablePointer<Float>.allocate(capacity: rows.taps)
        defer {
            ring.deallocate()
            line.deallocate()
            tapRows.deallocate()
            tapWeights.deallocate()
        }
        let pixels = [UInt8](unsafeUninitializedCapacity: height * outLength) { buffer, initialized in
            image.rgb.withUnsafeBufferPointer { src in
            columns.indices.withUnsafeBufferPointer { index in
            columns.weights.withUnsafeBufferPointer { weight in
                guard let source = src.baseAddress, let target = buffer.baseAddress, let indexBase = index.baseAddress,
                      let weightBase = weight.baseAddress else { return }
                for y in 0..<height {
                    // The non-zero vertical taps of this output row, their source rows made Float.
                    var count = 0
                    for t in 0..<rows.taps {
                        let w = rows.weights[y * rows.taps + t]
                        if w == 0 { continue }
                        let sourceRow = rows.indices[y * rows.taps + t]
                        let slot = sourceRow % ringRows
                        let cached = ring + slot * rowLength
                        if ringSource[slot] != sourceRow {
                            let bytes = source + sourceRow * rowLength
                            for x in 0..<rowLength { cached[x] = Float(bytes[x]) }
                            ringSource[slot] = sourceRow
                        }
                        tapRows[count] = UnsafePointer(cached)
                        tapWeights[count] = w
                        count += 1
                    }
                    verticalPass(into: line, length: rowLength, rows: tapRows, weights: tapWeights, taps: count)
                    horizontalPass(
                        line, into: target + y * outLength, width: width, taps: columns.taps,
                        indices: indexBase, weights: weightBase)
                }
            }
            }
            }
            initialized = height * outLength
        }
        return DecodedImage(width: width, height: height, rgb: pixels)
    }

    /// `out[x] = Σ weights[t] · rows[t][x]` for `x < length`, sixteen lanes at a time kept in registers.
    @inline(__always)
    private static func verticalPass(
        into out: UnsafeMutablePointer<Float>, length: Int, rows: UnsafeMutablePointer<UnsafePointer<Float>>,
        weights: UnsafeMutablePointer<Float>, taps: Int
    ) {
        var x = 0
        while x + 16 <= length {
            var sum = SIMD16<Float>(repeating: 0)
            for t in 0..<taps {
                sum += weights[t] * UnsafeRawPointer(rows[t] + x).loadUnaligned(as: SIMD16<Float>.self)
            }
            UnsafeMutableRawPointer(out + x).storeBytes(of: sum, as: SIMD16<Float>.self)
            x += 16
        }
        while x < length {
            var sum: Float = 0
            for t in 0..<taps { sum += weights[t] * rows[t][x] }
            out[x] = sum
            x += 1
        }
    }

    /// One output row from one vertically filtered Float row: R, G, B (and an ignored fourth lane)
    /// of each tap in one SIMD4, then rounded and clamped to bytes. Four output pixels are summed side
    /// by side, so the additions of one pixel do not wait on each other's latency.
    @inline(__always)
    private static func horizontalPass(
        _ line: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<UInt8>, width: Int, taps: Int,
        indices: UnsafePointer<Int>, weights: UnsafePointer<Float>
    ) {
        @inline(__always) func pixel(_ index: Int) -> SIMD4<Float> {
            UnsafeRawPointer(line + index).loadUnaligned(as: SIMD4<Float>.self)
        }
        @inline(__always) func store(_ sum: SIMD4<Float>, at x: Int) {
            out[3 * x] = byte(sum[0])
            out[3 * x + 1] = byte(sum[1])
            out[3 * x + 2] = byte(sum[2])
        }
        var x = 0
        while x + 4 <= width {
            let i0 = indices + x * taps, i1 = i0 + taps, i2 = i1 + taps, i3 = i2 + taps
            let w0 = weights + x * taps, w1 = w0 + taps, w2 = w1 + taps, w3 = w2 + taps
            var s0 = SIMD4<Float>(repeating: 0), s1 = s0, s2 = s0, s3 = s0
            for t in 0..<taps {
                s0 += w0[t] * pixel(i0[t])
                s1 += w1[t] * pixel(i1[t])
                s2 += w2[t] * pixel(i2[t])
                s3 += w3[t] * pixel(i3[t])
            }
            store(s0, at: x)
            store(s1, at: x + 1)
            store(s2, at: x + 2)
            store(s3, at: x + 3)
            x += 4
        }
        while x < width {
            let idx = indices + x * taps
            let wts = weights + x * taps
            var sum = SIMD4<Float>(repeating: 0)
            for t in 0..<taps { sum += wts[t] * pixel(idx[t]) }
            store(sum, at: x)
            x += 1
        }
    }

    /// Rounds and clamps to 0…255.
    @inline(__always)
    private static func byte(_ value: Float) -> UInt8 {
        // Branch-free; the same as `v <= 0 ? 0 : v >= 255 ? 255 : UInt8(v)` for every non-NaN v.
        UInt8(Swift.min(Swift.max(value + 0.5, 0), 255))
    }

    /// The Lanczos-3 kernel: sinc(x)·sinc(x/3) for |x| < 3, else 0.
    static func lanczos3(_ x: Double) -> Double {
        let ax = abs(x)
        if ax < 1e-9 { return 1 }
        if ax >= 3 { return 0 }
        let px = Double.pi * ax
        return 3 * sin(px) * sin(px / 3) / (px * px)
    }

    /// The last few tap tables made, by their parameters. Not `Sendable`: each ``Thumbnailer`` owns one.
    final class WeightsCache {
        private struct Key: Hashable {
            var inputCount: Int, spanBits: UInt64, outputCount: Int, wrap: Bool, stride: Int
        }
        private var tables: [Key: Weights] = [:]

        /// The table for these parameters: from `cache` when it holds one, else made (and kept).
        static func weights(
            in cache: WeightsCache?, inputCount: Int, span: Double, outputCount: Int, wrap: Bool, stride: Int
        ) -> Weights {
            guard let cache else {
                return Weights(inputCount: inputCount, span: span, outputCount: outputCount, wrap: wrap, stride: stride)
            }
            let key = Key(inputCount: inputCount, spanBits: span.bitPattern, outputCount: outputCount, wrap: wrap, stride: stride)
            if let found = cache.tables[key] { return found }
            let made = Weights(inputCount: inputCount, span: span, outputCount: outputCount, wrap: wrap, stride: stride)
            if cache.tables.count >= 16 { cache.tables.removeAll() }  // mixed sizes: stay small
            cache.tables[key] = made
            return made
        }
    }

    /// Per-output tap table: `taps` entries per output, padded with zero weights. `indices` are already
    /// multiplied by `stride` (the distance between neighbouring input samples in the buffer).
    struct Weights {
        let taps: Int
        let indices: [Int]
        let weights: [Float]

        init(inputCount: Int, span: Double, outputCount: Int, wrap: Bool, stride: Int) {
            let scale = span / Double(outputCount)
            let filterScale = max(scale, 1)
            let support = 3 * filterScale
            let taps = Int((2 * support).rounded(.up)) + 2
            var indices = [Int](repeating: 0, count: outputCount * taps)
            var weights = [Float](repeating: 0, count: outputCount * taps)
            var raw = [Double](repeating: 0, count: taps)
            for o in 0..<outputCount {
                let center = (Double(o) + 0.5) * scale - 0.5
                let first = Int((center - support).rounded(.down)) + 1
                var sum = 0.0
                for t in 0..<taps {
                    let w = LanczosResampler.lanczos3((Double(first + t) - center) / filterScale)
                    raw[t] = w
                    sum += w
                }
                for t in 0..<taps {
                    var i = first + t
                    if wrap {
                        i %= inputCount
                        if i < 0 { i += inputCount }
                    } else {
                        i = min(max(i, 0), inputCount - 1)
                    }
                    indices[o * taps + t] = i * stride
                    weights[o * taps + t] = sum == 0 ? 0 : Float(raw[t] / sum)
                }
            }
            // The last taps are padding whose weight is zero for every output: drop them (exactly the same
            // sums, fewer loads).
            var used = 1
            for o in 0..<outputCount {
                for t in Swift.stride(from: taps - 1, through: used, by: -1) where weights[o * taps + t] != 0 {
                    used = t + 1
                    break
                }
            }
            if used < taps {
                self.indices = (0..<outputCount).flatMap { indices[($0 * taps)..<($0 * taps + used)] }
                self.weights = (0..<outputCount).flatMap { weights[($0 * taps)..<($0 * taps + used)] }
                self.taps = used
            } else {
                self.taps = taps
                self.indices = indices
                self.weights = weights
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
