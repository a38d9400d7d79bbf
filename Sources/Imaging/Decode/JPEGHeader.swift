/// What the TurboJPEG header call (`tjDecompressHeader3`) says about a JPEG.
public struct JPEGHeader: Sendable, Equatable {
    /// Width in pixels, at least 1.
    public var width: Int
    /// Height in pixels, at least 1.
    public var height: Int
    /// Chroma subsampling; nil when TurboJPEG cannot name it (unusual sampling factors).
    public var subsampling: ChromaSubsampling?
    /// The JPEG colour space.
    public var colorSpace: JPEGColorSpace
    /// The header call's warning (it returned -1 with `TJERR_WARNING` but filled in the size); nil when clean.
    public var warning: String?

    /// Creates a header record.
    public init(width: Int, height: Int, subsampling: ChromaSubsampling?, colorSpace: JPEGColorSpace, warning: String? = nil) {
        self.width = width
        self.height = height
        self.subsampling = subsampling
        self.colorSpace = colorSpace
        self.warning = warning
    }

    /// `width × height`, computed without overflow.
    public var pixelCount: Int { width.multipliedReportingOverflow(by: height).partialValue }
}

/// The colour space of a JPEG; raw values are TurboJPEG's `TJCS_*` constants.
public enum JPEGColorSpace: Int, Sendable, Equatable, Codable, CustomStringConvertible {
    /// `TJCS_RGB`: RGB stored without a colour transform.
    case rgb = 0
    /// `TJCS_YCbCr`: the usual JFIF colour space.
    case yCbCr = 1
    /// `TJCS_GRAY`: greyscale.
    case gray = 2
    /// `TJCS_CMYK`: CMYK (decoded through `TJPF_CMYK`).
    case cmyk = 3
    /// `TJCS_YCCK`: YCCK, i.e. transformed CMYK (decoded through `TJPF_CMYK`).
    case ycck = 4

    /// The conventional name: `RGB`, `YCbCr`, `Gray`, `CMYK` or `YCCK`.
    public var description: String {
        switch self {
        case .rgb: "RGB"
        case .yCbCr: "YCbCr"
        case .gray: "Gray"
        case .cmyk: "CMYK"
        case .ycck: "YCCK"
        }
    }

    /// True for the four-component spaces that TurboJPEG can only decode to `TJPF_CMYK`.
    public var isCMYK: Bool { self == .cmyk || self == .ycck }
}
