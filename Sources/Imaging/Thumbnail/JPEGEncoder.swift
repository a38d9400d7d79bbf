internal import CTurboJPEG

/// Encodes packed 8-bit RGB pixels as a baseline JPEG with TurboJPEG (`tjCompress2`).
///
/// Owns one TurboJPEG compressor handle. Not `Sendable`: create one per task.
public struct JPEGEncoder: ~Copyable {
    private let handle: tjhandle

    /// Creates a compressor.
    /// - Throws: ``ImagingError/codec(operation:message:)`` when TurboJPEG cannot allocate a handle.
    public init() throws(ImagingError) {
        guard let handle = tjInitCompress() else {
            throw .codec(operation: "tjInitCompress", message: String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Encodes `rgb` (row-major, 3 bytes a pixel, no padding) as a JPEG.
    /// - Parameters:
    ///   - rgb: `width × height × 3` bytes.
    ///   - width: pixel width, at least 1.
    ///   - height: pixel height, at least 1.
    ///   - quality: JPEG quality 1…100.
    ///   - subsampling: chroma subsampling; 4:2:0 by default.
    ///   - progressive: write a progressive JPEG instead of a baseline one.
    /// - Returns: the complete JPEG file, SOI to EOI.
    /// - Throws: ``ImagingError/codec(operation:message:)`` on bad arguments or an encoder failure.
    public func encode(
        rgb: [UInt8], width: Int, height: Int, quality: Int = 85,
        subsampling: ChromaSubsampling = .s420, progressive: Bool = false
    ) throws(ImagingError) -> [UInt8] {
        guard width > 0, height > 0, rgb.count >= width * height * 3, (1...100).contains(quality) else {
            throw .codec(operation: "tjCompress2", message: "invalid arguments: \(width)×\(height), \(rgb.count) bytes, quality \(quality)")
        }
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let flags = progressive ? TJFLAG_PROGRESSIVE : 0
        let rc = rgb.withUnsafeBufferPointer { src in
            tjCompress2(handle, src.baseAddress, Int32(width), 0, Int32(height), Int32(TJPF_RGB.rawValue),
                        &buffer, &size, Int32(subsampling.rawValue), Int32(quality), flags)
        }
        defer { if let buffer { tjFree(buffer) } }
        guard rc == 0, let buffer else {
            throw .codec(operation: "tjCompress2", message: String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }
}

/// Chroma subsampling of a JPEG; raw values are TurboJPEG's `TJSAMP_*` constants.
public enum ChromaSubsampling: Int, Sendable, CustomStringConvertible {
    /// 4:4:4, `TJSAMP_444`.
    case s444 = 0
    /// 4:2:2, `TJSAMP_422`.
    case s422 = 1
    /// 4:2:0, `TJSAMP_420`.
    case s420 = 2
    /// Greyscale, `TJSAMP_GRAY`.
    case gray = 3
    /// 4:4:0, `TJSAMP_440`.
    case s440 = 4
    /// 4:1:1, `TJSAMP_411`.
    case s411 = 5

    /// The conventional notation, e.g. `4:2:0`.
    public var description: String {
        switch self {
        case .s444: "4:4:4"
        case .s422: "4:2:2"
        case .s420: "4:2:0"
        case .gray: "gray"
        case .s440: "4:4:0"
        case .s411: "4:1:1"
        }
    }
}
