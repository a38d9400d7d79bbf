import Foundation
import Imaging
import NIOCore
import NIOConcurrencyHelpers

/// Produces the JPEGs the simulated CDN serves: one encoded base image per pixel size (a smooth, horizontally
/// periodic gradient with a grid and fine noise), cached; each served file is that base with a COM segment naming
/// the image (so every image hashes differently) and, for some panoramas, a GPano XMP packet, inserted after the
/// JFIF header. Served bytes are assembled per request from slices of the cached base, never stored per image.
final class JPEGFactory: Sendable {
    private struct Size: Hashable, Sendable {
        var width: Int
        var height: Int
    }

    private let quality: Int
    private let cache = NIOLockedValueBox<[Size: ByteBuffer]>([:])

    init(quality: Int) {
        self.quality = min(100, max(1, quality))
    }

    /// The served file as a list of buffers to write in order (slices share the cached base's storage).
    func parts(width: Int, height: Int, id: String, resolution: String, gpano: Bool) -> [ByteBuffer] {
        let base = self.base(width: width, height: height)
        let split = Self.headerEnd(base)
        var inserted = ByteBuffer()
        if gpano { Self.appendSegment(0xE1, Array(Self.xmp(width: width, height: height).utf8), to: &inserted) }
        Self.appendSegment(0xFE, Array("mly360-sim image \(id) resolution \(resolution)".utf8), to: &inserted)
        guard let head = base.getSlice(at: base.readerIndex, length: split),
              let tail = base.getSlice(at: base.readerIndex + split, length: base.readableBytes - split) else {
            return [base]
        }
        return [head, inserted, tail]
    }

    /// Encodes (once) and returns the base JPEG of this size.
    func base(width: Int, height: Int) -> ByteBuffer {
        let size = Size(width: max(1, width), height: max(1, height))
        if let cached = cache.withLockedValue({ $0[size] }) { return cached }
        let bytes = Self.encode(size: size, quality: quality)
        let buffer = ByteBuffer(bytes: bytes)
        return cache.withLockedValue { cache in
            if let existing = cache[size] { return existing }
            cache[size] = buffer
            return buffer
        }
    }

    private static func encode(size: Size, quality: Int) -> [UInt8] {
        let w = size.width, h = size.height
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        var noise: UInt32 = 0x2545_F491
        let gridX = max(8, w / 24), gridY = max(8, h / 12)
        // Like a real equirectangular panorama: per-column terms are periodic in x and grid lines avoid the
        // edge columns, so the left and right edges meet without a seam; contrast fades towards the poles,
        // where a full sphere's top and bottom rows are each one point.
        var columns = [(Double, Double)](repeating: (0, 0), count: w)
        for x in 0..<w {
            let phase = 2 * Double.pi * Double(x) / Double(w)
            columns[x] = (cos(phase), sin(phase))
        }
        rgb.withUnsafeMutableBufferPointer { out in
            var i = 0
            for y in 0..<h {
                let fy = Double(y) / Double(max(1, h - 1))
                let pole = sin(Double.pi * (Double(y) + 0.5) / Double(h))
                let onRow = y % gridY == gridY / 2
                for x in 0..<w {
                    noise ^= noise << 13; noise ^= noise >> 17; noise ^= noise << 5
                    let jitter = Double(Int(noise & 15) - 8) * pole
                    let (c, s) = columns[x]
                    var r = 128 + 90 * c * (1 - fy) * pole + jitter
                    var g = 30 + 190 * fy + jitter
                    var b = 128 + 90 * s * pole + jitter
                    if pole > 0.3, onRow || x % gridX == gridX / 2 { r *= 0.35; g *= 0.35; b *= 0.35 }
                    out[i] = UInt8(max(0, min(255, r)))
                    out[i + 1] = UInt8(max(0, min(255, g)))
                    out[i + 2] = UInt8(max(0, min(255, b)))
                    i += 3
                }
            }
        }
        do {
            let encoder = try JPEGEncoder()
            return try encoder.encode(rgb: rgb, width: w, height: h, quality: quality)
        } catch {
            // The arguments are always valid; should TurboJPEG still fail, serve a minimal valid JPEG-ish stub
            // (SOI, COM, EOI) rather than crash the simulator.
            return [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x0A] + Array("encoder".utf8) + [0xFF, 0xD9]
        }
    }

    /// Offset just after SOI and, when present, the JFIF APP0 segment.
    private static func headerEnd(_ base: ByteBuffer) -> Int {
        let start = base.readerIndex
        guard base.readableBytes >= 6, base.getInteger(at: start, as: UInt16.self) == 0xFFD8 else { return 0 }
        if base.getInteger(at: start + 2, as: UInt16.self) == 0xFFE0,
           let length = base.getInteger(at: start + 4, as: UInt16.self), 4 + Int(length) <= base.readableBytes {
            return 4 + Int(length)
        }
        return 2
    }

    private static func appendSegment(_ marker: UInt8, _ payload: [UInt8], to buffer: inout ByteBuffer) {
        let payload = payload.prefix(65_533)
        buffer.writeBytes([0xFF, marker])
        buffer.writeInteger(UInt16(payload.count + 2))
        buffer.writeBytes(payload)
    }

    /// A standard XMP APP1 payload with GPano in element form: equirectangular, full sphere at this size.
    static func xmp(width: Int, height: Int) -> String {
        let g = "GPano:"
        let properties = [
            ("ProjectionType", "equirectangular"), ("UsePanoramaViewer", "True"),
            ("FullPanoWidthPixels", "\(width)"), ("FullPanoHeightPixels", "\(height)"),
            ("CroppedAreaImageWidthPixels", "\(width)"), ("CroppedAreaImageHeightPixels", "\(height)"),
            ("CroppedAreaLeftPixels", "0"), ("CroppedAreaTopPixels", "0"),
        ].map { "<\(g)\($0.0)>\($0.1)</\(g)\($0.0)>" }.joined()
        return "http://ns.adobe.com/xap/1.0/\u{0}"
            + "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:GPano=\"http://ns.google.com/photos/1.0/panorama/\">"
            + properties + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    }
}
