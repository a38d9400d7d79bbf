import Catalog
import Foundation
import Imaging

/// Small JPEG folders for the command tests, made with TurboJPEG in-test.
enum ToolFixtures {
    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "mly360-tool-\(safe)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A gradient JPEG of `width × height`.
    static func jpeg(width: Int, height: Int) throws -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                rgb[i] = UInt8(x * 255 / max(1, width - 1))
                rgb[i + 1] = UInt8(y * 255 / max(1, height - 1))
                rgb[i + 2] = 128
            }
        }
        return try JPEGEncoder().encode(rgb: rgb, width: width, height: height, quality: 90)
    }

    /// A 2:1 JPEG carrying GPano XMP for a full equirectangular sphere.
    static func panorama(width: Int = 128) throws -> [UInt8] {
        let height = width / 2
        let xmp = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
            <rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/" \
            GPano:ProjectionType="equirectangular" GPano:FullPanoWidthPixels="\(width)" \
            GPano:FullPanoHeightPixels="\(height)"/></rdf:RDF></x:xmpmeta>
            """
        let payload = Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(xmp.utf8)
        let length = payload.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        let plain = try jpeg(width: width, height: height)
        return Array(plain[..<2]) + segment + Array(plain[2...])
    }

    static func write(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Rows of a CSV keyed by column name.
    static func rows(_ path: String) throws -> [[String: String]] {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else { return [] }
        var rows: [[String: String]] = []
        while let row = try reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        return rows
    }
}
