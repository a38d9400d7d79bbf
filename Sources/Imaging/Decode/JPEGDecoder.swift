internal import CTurboJPEG

/// Decodes JPEGs with TurboJPEG 2.1 (`tjDecompressHeader3`, `tjDecompress2`) and classifies the outcome.
///
/// Owns one decompressor handle. Not `Sendable`: create one per task. After any fatal error the handle
/// is destroyed and recreated, because TurboJPEG 2.1.5 handles stay poisoned after a fatal error.
///
/// A decode that returns `-1` with `TJERR_WARNING` produced pixels that may be corrupt: that is a
/// ``JPEGStatus/damaged`` result, not an error.
public struct JPEGDecoder: ~Copyable {
    private var handle: tjhandle
    /// Images with more pixels than this are refused before any decoding.
    public var maxPixels: Int

    /// Creates a decoder.
    /// - Parameter maxPixels: the largest `width × height` this decoder accepts (`--max-pixels`).
    /// - Throws: ``ImagingError/codec(operation:message:)`` when TurboJPEG cannot allocate a handle.
    public init(maxPixels: Int = CheckOptions.defaultMaxPixels) throws(ImagingError) {
        handle = try Self.makeHandle()
        self.maxPixels = maxPixels
    }

    deinit { tjDestroy(handle) }

    /// Replaces the handle with a fresh one (done automatically after every fatal error).
    /// - Throws: ``ImagingError/codec(operation:message:)`` when TurboJPEG cannot allocate a handle;
    ///   the old handle is kept in that case.
    public mutating func reset() throws(ImagingError) {
        let fresh = try Self.makeHandle()
        tjDestroy(handle)
        handle = fresh
    }

    private static func makeHandle() throws(ImagingError) -> tjhandle {
        guard let made = tjInitDecompress() else {
            throw .codec(operation: "tjInitDecompress", message: String(cString: tjGetErrorStr2(nil)))
        }
        return made
    }

    /// Reads the size, subsampling and colour space.
    ///
    /// A `-1` with `TJERR_WARNING` keeps the size and records the warning in ``JPEGHeader/warning``.
    /// - Parameter jpeg: the whole file.
    /// - Returns: the header, with width and height at least 1.
    /// - Throws: ``ImagingError/codec(operation:message:)`` with operation `tjDecompressHeader3` for a
    ///   fatal error (the handle is then recreated) or a 0×0 size.
    public mutating func readHeader(_ jpeg: [UInt8]) throws(ImagingError) -> JPEGHeader {
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = -1, colorSpace: Int32 = -1
        let rc = jpeg.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling, &colorSpace)
        }
        var warning: String?
        if rc != 0 {
            let message = String(cString: tjGetErrorStr2(handle))  // read now: the next call overwrites it
            guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else {
                recoverFromFatal()
                throw .codec(operation: "tjDecompressHeader3", message: message)
            }
            warning = message
        }
        guard width > 0, height > 0 else {
            // The handle is left mid-header and fails the next file too: replace it.
            recoverFromFatal()
            throw .codec(
                operation: "tjDecompressHeader3",
                message: "no image size in the header (\(width)×\(height)): the file is cut short or holds only tables")
        }
        guard let space = JPEGColorSpace(rawValue: Int(colorSpace)) else {
            throw .codec(operation: "tjDecompressHeader3", message: "unknown colour space \(colorSpace)")
        }
        return JPEGHeader(
            width: Int(width), height: Int(height), subsampling: ChromaSubsampling(rawValue: Int(subsampling)),
            colorSpace: space, warning: warning)
    }

    /// Decodes every entropy-coded byte at a DCT scale of `1/scaleDenominator` and classifies the result.
    ///
    /// Refuses images over ``maxPixels`` before decoding anything. CMYK and YCCK images are decoded
    /// through `TJPF_CMYK` and converted to RGB with Adobe's inverted-CMYK convention. A header warning
    /// makes an otherwise clean decode ``JPEGStatus/damaged``.
    /// - Parameters:
    ///   - jpeg: the whole file.
    ///   - header: what ``readHeader(_:)`` returned for the same bytes.
    ///   - scaleDenominator: 1, 2, 4 or 8.
    ///   - fastUpsample: use `TJFLAG_FASTUPSAMPLE` (nearest-neighbour chroma upsampling).
    /// - Returns: the status, the decoder's message and, unless unreadable, the pixels.
    public mutating func decode(
        _ jpeg: [UInt8], header: JPEGHeader, scaleDenominator: Int, fastUpsample: Bool = false
    ) -> JPEGDecodeResult {
        let denominator = Self.supportedDenominators.contains(scaleDenominator) ? scaleDenominator : 8
        if let refusal = Self.pixelLimitRefusal(width: header.width, height: header.height, maxPixels: maxPixels) {
            return JPEGDecodeResult(status: .unreadable, message: refusal, image: nil, scaleDenominator: denominator)
        }
        let (width, height) = Self.scaledSize(width: header.width, height: header.height, denominator: denominator)
        let cmyk = header.colorSpace.isCMYK
        let format = cmyk ? TJPF_CMYK : TJPF_RGB
        let channels = cmyk ? 4 : 3
        var flags = TJFLAG_LIMITSCANS
        if fastUpsample { flags |= TJFLAG_FASTUPSAMPLE }
        var rc: Int32 = 0
        var pixels = [UInt8](unsafeUninitializedCapacity: width * height * channels) { buffer, initialized in
            rc = jpeg.withUnsafeBufferPointer { source in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), buffer.baseAddress,
                              Int32(width), 0, Int32(height), Int32(format.rawValue), flags)
            }
            initialized = buffer.count
        }
        var status = JPEGStatus.ok
        var message = header.warning
        if rc != 0 {
            let text = String(cString: tjGetErrorStr2(handle))  // read now: the next call overwrites it
            guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else {
                recoverFromFatal()
                return JPEGDecodeResult(status: .unreadable, message: text, image: nil, scaleDenominator: denominator)
            }
            message = text
        }
        if message != nil { status = .damaged }
        if cmyk { pixels = Self.rgb(fromInvertedCMYK: pixels) }
        return JPEGDecodeResult(
            status: status, message: message, image: DecodedImage(width: width, height: height, rgb: pixels),
            scaleDenominator: denominator)
    }

    /// The refusal message when `width × height` exceeds `maxPixels`, e.g. "declares 65535×65535 =
    /// 4294836225 pixels, over the 200000000-pixel limit (--max-pixels)"; nil when within the limit.
    public static func pixelLimitRefusal(width: Int, height: Int, maxPixels: Int) -> String? {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        guard overflow || product > maxPixels else { return nil }
        let count = overflow ? "more than \(Int.max)" : "\(product)"
        return "declares \(width)×\(height) = \(count) pixels, over the \(maxPixels)-pixel limit (--max-pixels)"
    }

    /// After a fatal error the handle is unusable; replace it. If even that fails, the next call fails
    /// with TurboJPEG's own message, which is the best available answer.
    private mutating func recoverFromFatal() {
        try? reset()
    }

    /// The scale denominators among 1, 2, 4 and 8 whose factor `1/d` appears in `tjGetScalingFactors`.
    static let supportedDenominators: Set<Int> = {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count) else { return [8] }
        var found: Set<Int> = []
        for i in 0..<Int(count) where factors[i].num == 1 && [1, 2, 4, 8].contains(Int(factors[i].denom)) {
            found.insert(Int(factors[i].denom))
        }
        return found.isEmpty ? [8] : found
    }()

    /// The size TurboJPEG produces at a DCT scale of `1/denominator`: `TJSCALED(dim, 1/denominator)`,
    /// i.e. the dimension divided by the denominator, rounded up.
    public static func scaledSize(width: Int, height: Int, denominator: Int) -> (width: Int, height: Int) {
        ((width + denominator - 1) / denominator, (height + denominator - 1) / denominator)
    }

    /// The DCT scale denominator libvips' shrink-on-load would choose to reduce `longEdge` to `target`:
    /// 8 when the total shrink is at least 16, 4 from 8, 2 from 4, else 1, which leaves at least 2× for
    /// the final resample.
    public static func shrinkOnLoadDenominator(longEdge: Int, target: Int) -> Int {
        guard target > 0 else { return 8 }
        let shrink = Double(longEdge) / Double(target)
        return shrink >= 16 ? 8 : shrink >= 8 ? 4 : shrink >= 4 ? 2 : 1
    }

    /// Converts TurboJPEG `TJPF_CMYK` output (Adobe-inverted values) to RGB: R = C·K/255, G = M·K/255,
    /// B = Y·K/255.
    static func rgb(fromInvertedCMYK cmyk: [UInt8]) -> [UInt8] {
        let count = cmyk.count / 4
        return [UInt8](unsafeUninitializedCapacity: count * 3) { out, initialized in
            cmyk.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    let k = UInt32(src[4 * i + 3])
                    out[3 * i] = UInt8((UInt32(src[4 * i]) * k + 127) / 255)
                    out[3 * i + 1] = UInt8((UInt32(src[4 * i + 1]) * k + 127) / 255)
                    out[3 * i + 2] = UInt8((UInt32(src[4 * i + 2]) * k + 127) / 255)
                }
            }
            initialized = count * 3
        }
    }
}
