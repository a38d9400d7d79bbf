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
        guard width > 0, height > 0, image.width > 0, image.height > 0,
              image.rgb.count >= image.width * image.height * 3,
              width != image.width || height != image.height || contentWidth != nil || contentHeight != nil
        else { return image }
        let spanX = min(max(contentWidth ?? Double(image.width), 1), Double(image.width))
        let spanY = min(max(contentHeight ?? Double(image.height), 1), Double(image.height))
        let columns = Weights(inputCount: image.width, span: spanX, outputCount: width, wrap: wrapHorizontally, stride: 3)
        let rows = Weights(inputCount: image.height, span: spanY, outputCount: height, wrap: false, stride: image.width * 3)
        let rowLength = image.width * 3
        // Vertical pass: height × image.width × 3 floats. Each source row is converted to Float once,
        // into a small ring of rows (windows only move forward), instead of once per tap.
        var intermediate = [Float](repeating: 0, count: height * rowLength)
        let ringRows = rows.taps + Int((Double(image.height) / Double(height)).rounded(.up)) + 2
        var ring = [Float](repeating: 0, count: ringRows * rowLength)
        var ringSource = [Int](repeating: -1, count: ringRows)
        intermediate.withUnsafeMutableBufferPointer { inter in
            ring.withUnsafeMutableBufferPointer { ringBuffer in
                image.rgb.withUnsafeBufferPointer { src in
                    guard let source = src.baseAddress, let target = inter.baseAddress,
                          let cache = ringBuffer.baseAddress else { return }
                    for y in 0..<height {
                        let out = target + y * rowLength
                        for t in 0..<rows.taps {
                            let w = rows.weights[y * rows.taps + t]
                            if w == 0 { continue }
                            let row = rows.indices[y * rows.taps + t] / rowLength
                            let slot = row % ringRows
                            let line = cache + slot * rowLength
                            if ringSource[slot] != row {
                                let bytes = source + row * rowLength
                                for x in 0..<rowLength { line[x] = Float(bytes[x]) }
                                ringSource[slot] = row
                            }
                            for x in 0..<rowLength { out[x] += w * line[x] }
                        }
                    }
                }
            }
        }
        // Horizontal pass: height × width × 3 bytes.
        let outLength = width * 3
        let pixels = [UInt8](unsafeUninitializedCapacity: height * outLength) { buffer, initialized in
            intermediate.withUnsafeBufferPointer { inter in
                columns.indices.withUnsafeBufferPointer { index in
                    columns.weights.withUnsafeBufferPointer { weight in
                        guard let source = inter.baseAddress, let target = buffer.baseAddress,
                              let indexBase = index.baseAddress, let weightBase = weight.baseAddress
                        else { return }
                        let taps = columns.taps
                        for y in 0..<height {
                            let line = source + y * rowLength
                            let out = target + y * outLength
                            for x in 0..<width {
                                let idx = indexBase + x * taps
                                let wts = weightBase + x * taps
                                var r: Float = 0, g: Float = 0, b: Float = 0
                                for t in 0..<taps {
                                    let p = line + idx[t]
                                    let w = wts[t]
                                    r += w * p[0]
                                    g += w * p[1]
                                    b += w * p[2]
                                }
                                out[3 * x] = byte(r)
                                out[3 * x + 1] = byte(g)
                                out[3 * x + 2] = byte(b)
                            }
                        }
                    }
                }
            }
            initialized = height * outLength
        }
        return DecodedImage(width: width, height: height, rgb: pixels)
    }

    /// Rounds and clamps to 0…255.
    @inline(__always)
    private static func byte(_ value: Float) -> UInt8 {
        let v = value + 0.5
        return v <= 0 ? 0 : v >= 255 ? 255 : UInt8(v)
    }

    /// The Lanczos-3 kernel: sinc(x)·sinc(x/3) for |x| < 3, else 0.
    static func lanczos3(_ x: Double) -> Double {
        let ax = abs(x)
        if ax < 1e-9 { return 1 }
        if ax >= 3 { return 0 }
        let px = Double.pi * ax
        return 3 * sin(px) * sin(px / 3) / (px * px)
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
            self.taps = taps
            self.indices = indices
            self.weights = weights
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
