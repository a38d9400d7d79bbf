import Foundation

/// A luma plane box-reduced from decoded RGB, with the statistics ``PixelSignals`` needs.
struct LumaPlane {
    let width: Int
    let height: Int
    /// Row-major luma, 0–255.
    let values: [Float]
    let mean: Double
    let deviation: Double

    /// Reduces `image` by the integer factor that brings it to at most `maxWidth` pixels wide.
    init(_ image: DecodedImage, maxWidth: Int) {
        let factor = max(1, (image.width + maxWidth - 1) / maxWidth)
        let w = max(1, image.width / factor)
        let h = max(1, image.height / factor)
        let scale = 1 / Float(factor * factor * 256)
        let sourceWidth = image.width
        let out = [Float](unsafeUninitializedCapacity: w * h) { plane, initialized in
            image.rgb.withUnsafeBufferPointer { rgb in
                if factor == 2 {  // the common case (a 1/4-scale decode of a 5760-px panorama): 2×2 boxes
                    Self.reduceByTwo(rgb, sourceWidth: sourceWidth, into: plane, width: w, height: h, scale: scale)
                    return
                }
                for y in 0..<h {
                    for x in 0..<w {
                        var sum: Int32 = 0
                        for dy in 0..<factor {
                            var i = ((y * factor + dy) * sourceWidth + x * factor) * 3
                            for _ in 0..<factor {
                                sum &+= 77 &* Int32(rgb[i]) &+ 150 &* Int32(rgb[i + 1]) &+ 29 &* Int32(rgb[i + 2])
                                i += 3
                            }
                        }
                        plane[y * w + x] = Float(sum) * scale
                    }
                }
            }
            initialized = w * h
        }
        width = w
        height = h
        values = out
        var total = 0.0
        for v in out { total += Double(v) }
        let m = total / Double(out.count)
        var squares = 0.0
        for v in out { squares += (Double(v) - m) * (Double(v) - m) }
        mean = m
        deviation = (squares / Double(out.count)).squareRoot()
    }

    /// Luma of 2×2 boxes: per output row, the weighted RGB sums of the two source rows, pixel pair by pair.
    private static func reduceByTwo(_ rgb: UnsafeBufferPointer<UInt8>, sourceWidth: Int, into plane: UnsafeMutableBufferPointer<Float>,
                                    width w: Int, height h: Int, scale: Float) {
        guard let base = rgb.baseAddress, let out = plane.baseAddress else { return }
        for y in 0..<h {
            let top = base + 2 * y * sourceWidth * 3
            let bottom = top + sourceWidth * 3
            let row = out + y * w
            for x in 0..<w {
                let i = 6 * x
                let r = Int32(top[i]) &+ Int32(top[i + 3]) &+ Int32(bottom[i]) &+ Int32(bottom[i + 3])
                let g = Int32(top[i + 1]) &+ Int32(top[i + 4]) &+ Int32(bottom[i + 1]) &+ Int32(bottom[i + 4])
                let b = Int32(top[i + 2]) &+ Int32(top[i + 5]) &+ Int32(bottom[i + 2]) &+ Int32(bottom[i + 5])
                row[x] = Float(77 &* r &+ 150 &* g &+ 29 &* b) * scale
            }
        }
    }

    /// Share of pixels at luma ≥ 250.
    var clippedFraction: Double {
        Double(values.reduce(0) { $0 + ($1 >= 250 ? 1 : 0) }) / Double(values.count)
    }

    /// Shannon entropy of the 256-bin histogram, bits.
    var entropy: Double {
        var histogram = [Int](repeating: 0, count: 256)
        for v in values { histogram[min(255, max(0, Int(v)))] += 1 }
        let n = Double(values.count)
        return histogram.reduce(0.0) { acc, count in
            guard count > 0 else { return acc }
            let p = Double(count) / n
            return acc - p * log2(p)
        }
    }

    /// Share of rows that are black fill, counted inward from the top and from the bottom.
    var blackFillFraction: Double {
        func isBlack(_ row: Int) -> Bool {
            var sum: Float = 0
            var peak: Float = 0
            for x in 0..<width {
                let v = values[row * width + x]
                sum += v
                peak = max(peak, v)
            }
            return sum / Float(width) < 8 && peak < 40
        }
        var top = 0
        while top < height, isBlack(top) { top += 1 }
        var bottom = 0
        while bottom < height - top, isBlack(height - 1 - bottom) { bottom += 1 }
        return Double(top + bottom) / Double(height)
    }

    /// Standard deviation of one row.
    func rowDeviation(_ row: Int) -> Double {
        var sum = 0.0
        for x in 0..<width { sum += Double(values[row * width + x]) }
        let m = sum / Double(width)
        var squares = 0.0
        for x in 0..<width {
            let d = Double(values[row * width + x]) - m
            squares += d * d
        }
        return (squares / Double(width)).squareRoot()
    }

    /// Mean |first − last column| / mean adjacent-column difference over rows 10 %–90 % of the height.
    func seamRatio() -> Double {
        let from = height / 10
        let to = max(from + 1, height * 9 / 10)
        var seam = 0.0
        var adjacent = 0.0
        for y in from..<to {
            let row = y * width
            seam += Double(abs(values[row] - values[row + width - 1]))
            for x in 1..<width { adjacent += Double(abs(values[row + x] - values[row + x - 1])) }
        }
        let rows = Double(to - from)
        let meanAdjacent = adjacent / (rows * Double(width - 1))
        return (seam / rows) / max(meanAdjacent, 1e-3)
    }

    /// Variance of the 4-neighbour Laplacian / variance of the luma, over rows `from..<to`.
    func laplacianRatio(fromRow from: Int, toRow to: Int) -> Double {
        let first = max(1, from)
        let last = min(height - 1, max(to, first + 1))
        guard width >= 3, last > first else { return 0 }
        var sum = 0.0
        var squares = 0.0
        var lumaSum = 0.0
        var lumaSquares = 0.0
        var count = 0.0
        for y in first..<last {
            let row = y * width
            for x in 1..<(width - 1) {
                let c = values[row + x]
                let lap = Double(4 * c - values[row + x - 1] - values[row + x + 1] - values[row + x - width] - values[row + x + width])
                sum += lap
                squares += lap * lap
                lumaSum += Double(c)
                lumaSquares += Double(c) * Double(c)
                count += 1
            }
        }
        guard count > 0 else { return 0 }
        let lapVariance = squares / count - (sum / count) * (sum / count)
        let lumaVariance = lumaSquares / count - (lumaSum / count) * (lumaSum / count)
        return lumaVariance > 1e-6 ? lapVariance / lumaVariance : 0
    }

    /// The plane averaged into `width × height` cells (area average; cells may straddle pixels).
    func reduced(width w: Int, height h: Int) -> [Double] {
        var out = [Double](repeating: 0, count: w * h)
        var counts = [Double](repeating: 0, count: w * h)
        let columnCell = (0..<width).map { min(w - 1, $0 * w / width) }
        values.withUnsafeBufferPointer { plane in
            out.withUnsafeMutableBufferPointer { sums in
                counts.withUnsafeMutableBufferPointer { tally in
                    for y in 0..<height {
                        let row = min(h - 1, y * h / height) * w
                        let start = y * width
                        for x in 0..<width {
                            sums[row + columnCell[x]] += Double(plane[start + x])
                            tally[row + columnCell[x]] += 1
                        }
                    }
                }
            }
        }
        for i in out.indices where counts[i] > 0 { out[i] /= counts[i] }
        return out
    }
}
