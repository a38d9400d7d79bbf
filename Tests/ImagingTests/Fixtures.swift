import Foundation
@testable import Imaging

/// Synthetic JPEG builders and access to the real test files. Shared by the Imaging test suites.
enum Fixtures {
    // MARK: Synthetic pixels and JPEGs

    /// A deterministic RGB pattern that is a plausible equirectangular scene at 2:1: smooth, horizontally
    /// periodic (the left and right edges meet) and near-uniform at the top and bottom rows (the poles): red
    /// and blue waves whose contrast fades with sin(latitude), a vertical green ramp.
    static func pattern(width: Int, height: Int) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let s = sin(Double.pi * (Double(y) + 0.5) / Double(height))
            for x in 0..<width {
                let i = (y * width + x) * 3
                let u = 2 * Double.pi * Double(x) / Double(width)
                rgb[i] = UInt8(128 + 110 * cos(u) * s)
                rgb[i + 1] = UInt8(y * 255 / max(1, height - 1))
                rgb[i + 2] = UInt8(125 + 85 * sin(4 * u) * sin(4 * Double.pi * Double(y) / Double(height)) * s)
            }
        }
        return rgb
    }

    /// A plain pattern with a left-to-right red ramp (for tests of direction and orientation).
    static func ramp(width: Int, height: Int) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                rgb[i] = UInt8(x * 255 / max(1, width - 1))
                rgb[i + 1] = UInt8(y * 255 / max(1, height - 1))
                rgb[i + 2] = ((x / 8) + (y / 8)) % 2 == 0 ? 40 : 210
            }
        }
        return rgb
    }

    /// A solid-colour RGB image.
    static func solid(width: Int, height: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            rgb[3 * i] = r
            rgb[3 * i + 1] = g
            rgb[3 * i + 2] = b
        }
        return rgb
    }

    /// A JPEG of ``pattern(width:height:)`` encoded with TurboJPEG.
    static func jpeg(
        width: Int = 64, height: Int = 32, quality: Int = 90, subsampling: ChromaSubsampling = .s420,
        progressive: Bool = false
    ) throws -> [UInt8] {
        let encoder = try JPEGEncoder()
        return try encoder.encode(
            rgb: pattern(width: width, height: height), width: width, height: height, quality: quality,
            subsampling: subsampling, progressive: progressive)
    }

    /// A JPEG of arbitrary pixels.
    static func jpeg(rgb: [UInt8], width: Int, height: Int, quality: Int = 95) throws -> [UInt8] {
        let encoder = try JPEGEncoder()
        return try encoder.encode(rgb: rgb, width: width, height: height, quality: quality, subsampling: .s444)
    }

    // MARK: Segments

    /// `FF marker` + big-endian length (payload + 2) + payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// An APP1 segment with `payload`.
    static func app1(_ payload: [UInt8]) -> [UInt8] { segment(0xE1, payload) }

    /// Inserts whole segments right after SOI.
    static func inserting(_ segments: [[UInt8]], into jpeg: [UInt8]) -> [UInt8] {
        Array(jpeg[0..<2]) + segments.flatMap { $0 } + Array(jpeg[2...])
    }

    /// An Exif APP1 payload (`Exif\0\0` + big-endian TIFF) whose IFD0 holds only `Orientation`.
    static func exifPayload(orientation: UInt16) -> [UInt8] {
        Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]   // "MM", 42, IFD0 at 8
            + [0, 1]                                                     // one entry
            + [0x01, 0x12, 0, 3, 0, 0, 0, 1, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0, 0]
            + [0, 0, 0, 0]                                               // no next IFD
    }

    /// A standard XMP APP1 payload (signature + packet).
    static func xmpPayload(_ xml: String) -> [UInt8] {
        Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(xml.utf8)
    }

    /// An Extended XMP APP1 payload (signature + GUID + full length + offset + data).
    static func extendedXMPPayload(guid: String, fullLength: UInt32, offset: UInt32, data: [UInt8]) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        return Array("http://ns.adobe.com/xmp/extension/\0".utf8) + Array(guid.utf8) + be(fullLength) + be(offset) + data
    }

    /// GPano XMP (attribute form) for a full equirectangular sphere of `width × height`.
    static func gpanoXMP(width: Int, height: Int) -> String {
        """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
        <rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/" \
        GPano:ProjectionType="equirectangular" GPano:FullPanoWidthPixels="\(width)" \
        GPano:FullPanoHeightPixels="\(height)" GPano:CroppedAreaImageWidthPixels="\(width)" \
        GPano:CroppedAreaImageHeightPixels="\(height)" GPano:CroppedAreaLeftPixels="0" \
        GPano:CroppedAreaTopPixels="0"/></rdf:RDF></x:xmpmeta>
        """
    }

    // MARK: Damage

    /// The first `count` bytes.
    static func truncated(_ jpeg: [UInt8], to count: Int) -> [UInt8] { Array(jpeg.prefix(count)) }

    /// Cut halfway through the first scan's entropy-coded data.
    static func truncatedInScan(_ jpeg: [UInt8]) -> [UInt8] {
        guard let sos = JPEGStructure.scan(jpeg).segments.first(where: { $0.marker == 0xDA }),
              let length = sos.entropyCodedLength else { return jpeg }
        return Array(jpeg.prefix(sos.offset + 2 + sos.length + length / 2))
    }

    /// `count` junk bytes (no FF) inserted before the first segment with `marker` (default DQT).
    static func insertingJunk(_ jpeg: [UInt8], count: Int, before marker: UInt8 = 0xDB) -> [UInt8] {
        guard let target = JPEGStructure.scan(jpeg).segments.first(where: { $0.marker == marker }) else { return jpeg }
        let junk = (0..<count).map { UInt8(0x10 + $0 % 0x60) }
        return Array(jpeg[..<target.offset]) + junk + Array(jpeg[target.offset...])
    }

    /// Overwrites bytes in the middle of the first scan's entropy-coded data with an RST marker and
    /// garbage: the decoder meets a marker where data should be and warns.
    static func damagingEntropyData(_ jpeg: [UInt8]) -> [UInt8] {
        let structure = JPEGStructure.scan(jpeg)
        guard let sos = structure.segments.first(where: { $0.marker == 0xDA }),
              let length = sos.entropyCodedLength, length > 16 else { return jpeg }
        var bytes = jpeg
        let start = sos.offset + 2 + sos.length + length / 3
        let garbage: [UInt8] = [0xFF, 0xD3, 0x12, 0x34, 0x56, 0x78]
        for (i, b) in garbage.enumerated() { bytes[start + i] = b }
        return bytes
    }

    /// Rewrites the frame header's declared size.
    static func patchingFrameSize(_ jpeg: [UInt8], width: Int, height: Int) -> [UInt8] {
        guard let sof = JPEGStructure.scan(jpeg).segments.first(where: { (0xC0...0xC2).contains($0.marker) }) else { return jpeg }
        var bytes = jpeg
        let p = sof.offset + 5  // FF Cn, length (2), precision (1)
        bytes[p] = UInt8(height >> 8)
        bytes[p + 1] = UInt8(height & 0xFF)
        bytes[p + 2] = UInt8(width >> 8)
        bytes[p + 3] = UInt8(width & 0xFF)
        return bytes
    }

    // MARK: Files

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "mly360-imaging-\(safe)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes bytes to `directory/name` and returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], to directory: String, as name: String) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: Real files (../shared/testdata/real, skipped when absent)

    /// `<repo>/../shared/testdata/real`, located from this source file; nil when absent.
    static let realDirectory: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = repo.deletingLastPathComponent().appendingPathComponent("shared/testdata/real").path
        return FileManager.default.fileExists(atPath: path + "/manifest.tsv") ? path : nil
    }()

    /// True when the real test files are present.
    static var hasRealFiles: Bool { realDirectory != nil }

    /// The absolute path of a real test file (relative to the real folder), or nil when absent.
    static func realPath(_ relative: String) -> String? {
        guard let directory = realDirectory else { return nil }
        let path = directory + "/" + relative
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// One row of `manifest.tsv`.
    struct ManifestEntry: Sendable, CustomStringConvertible {
        var path: String
        var bytes: Int
        var sha256: String
        /// nil for files without a frame (`-`).
        var width: Int?
        var height: Int?
        var fields: [String: String]
        var description: String { path }
    }

    /// The rows of `manifest.tsv`; empty when the real files are absent.
    static let manifest: [ManifestEntry] = {
        guard let directory = realDirectory,
              let text = try? String(contentsOfFile: directory + "/manifest.tsv", encoding: .utf8) else { return [] }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().components(separatedBy: "\t")
        return lines.compactMap { line in
            let cells = line.components(separatedBy: "\t")
            guard cells.count == header.count, let bytes = Int(cells[1]) else { return nil }
            let fields = Dictionary(uniqueKeysWithValues: zip(header, cells))
            let size = cells[3].split(separator: "x").compactMap { Int($0) }
            return ManifestEntry(
                path: cells[0], bytes: bytes, sha256: cells[2], width: size.count == 2 ? size[0] : nil,
                height: size.count == 2 ? size[1] : nil, fields: fields)
        }
    }()
}
