extension DecodedImage {
    /// Returns the image as it should be displayed under an EXIF `Orientation` value.
    ///
    /// 1 = as stored, 2 = mirrored, 3 = rotated 180°, 4 = flipped vertically, 5 = transposed,
    /// 6 = rotated 90° clockwise, 7 = transversed, 8 = rotated 90° counter-clockwise. Values 5…8 swap
    /// width and height. Any other value (or nil) returns the image unchanged.
    /// - Parameter orientation: the EXIF `Orientation` tag, 1…8.
    public func oriented(_ orientation: Int?) -> DecodedImage {
        guard let orientation, (2...8).contains(orientation), rgb.count >= width * height * 3 else { return self }
        let w = width, h = height
        let swaps = orientation >= 5
        let outWidth = swaps ? h : w, outHeight = swaps ? w : h
        let pixels = [UInt8](unsafeUninitializedCapacity: w * h * 3) { buffer, initialized in
            rgb.withUnsafeBufferPointer { src in
                guard let source = src.baseAddress, let target = buffer.baseAddress else { return }
                for oy in 0..<outHeight {
                    for ox in 0..<outWidth {
                        let (sx, sy): (Int, Int)
                        switch orientation {
                        case 2: (sx, sy) = (w - 1 - ox, oy)
                        case 3: (sx, sy) = (w - 1 - ox, h - 1 - oy)
                        case 4: (sx, sy) = (ox, h - 1 - oy)
                        case 5: (sx, sy) = (oy, ox)
                        case 6: (sx, sy) = (oy, h - 1 - ox)
                        case 7: (sx, sy) = (w - 1 - oy, h - 1 - ox)
                        default: (sx, sy) = (w - 1 - oy, ox)
                        }
                        let s = source + (sy * w + sx) * 3
                        let d = target + (oy * outWidth + ox) * 3
                        d[0] = s[0]
                        d[1] = s[1]
                        d[2] = s[2]
                    }
                }
            }
            initialized = w * h * 3
        }
        return DecodedImage(width: outWidth, height: outHeight, rgb: pixels)
    }
}
