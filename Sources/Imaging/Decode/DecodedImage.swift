/// Packed 8-bit RGB pixels produced by ``JPEGDecoder`` (row-major, 3 bytes a pixel, no padding).
public struct DecodedImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// `width × height × 3` bytes, R G B.
    public var rgb: [UInt8]

    /// Creates an image; `rgb` must hold `width × height × 3` bytes.
    public init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }
}

/// The outcome of one decode: the verdict, the decoder's message, and the pixels when there are any.
public struct JPEGDecodeResult: Sendable, Equatable {
    /// `ok`, `damaged` (pixels produced, with a warning) or `unreadable` (no usable pixels).
    public var status: JPEGStatus
    /// The decoder's message for `damaged` and `unreadable`; nil for `ok`.
    public var message: String?
    /// The decoded pixels; nil when `unreadable`.
    public var image: DecodedImage?
    /// The DCT scale denominator used (1, 2, 4 or 8).
    public var scaleDenominator: Int

    /// Creates a result.
    public init(status: JPEGStatus, message: String?, image: DecodedImage?, scaleDenominator: Int) {
        self.status = status
        self.message = message
        self.image = image
        self.scaleDenominator = scaleDenominator
    }
}
