@testable import Catalog
import Fetch
import Foundation
@testable import Imaging
import Testing

/// Files, JPEGs and tables for the catalogue tests.
enum CatalogFixtures {
    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "mly360-catalog-\(safe)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes bytes to `directory/name` (creating folders) and returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], to directory: String, as name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A JPEG of a smooth pattern (a different `seed` gives different bytes).
    static func jpeg(width: Int = 64, height: Int = 32, seed: Int = 0) throws -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                rgb[i] = UInt8((x * 255 / max(width - 1, 1) + seed) & 0xFF)
                rgb[i + 1] = UInt8((y * 255 / max(height - 1, 1)) & 0xFF)
                rgb[i + 2] = UInt8(((x + y) * 7 + seed * 13) & 0xFF)
            }
        }
        return try JPEGEncoder().encode(rgb: rgb, width: width, height: height, quality: 90, subsampling: .s420,
                                        progressive: false)
    }

    /// A full-sphere panorama with GPano XMP.
    static func panorama(width: Int = 128, height: Int = 64, seed: Int = 0) throws -> [UInt8] {
        let xml = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
            <rdf:Description xmlns:GPano="http://ns.google.com/photos/1.0/panorama/" GPano:ProjectionType="equirectangular" \
            GPano:FullPanoWidthPixels="\(width)" GPano:FullPanoHeightPixels="\(height)" \
            GPano:CroppedAreaImageWidthPixels="\(width)" GPano:CroppedAreaImageHeightPixels="\(height)" \
            GPano:CroppedAreaLeftPixels="0" GPano:CroppedAreaTopPixels="0"/></rdf:RDF></x:xmpmeta>
            """
        let payload = Array("http://ns.adobe.com/xap/1.0/\u{0}".utf8) + Array(xml.utf8)
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        let base = try jpeg(width: width, height: height, seed: seed)
        return Array(base.prefix(2)) + segment + Array(base.dropFirst(2))
    }

    /// A whole CSV as header + rows keyed by column name.
    static func table(_ path: String) throws -> (header: [String], rows: [[String: String]]) {
        let reader = try CSVReader(path: path)
        let header = try #require(try reader.next())
        var rows: [[String: String]] = []
        while let row = try reader.next() {
            rows.append(Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }))
        }
        return (header, rows)
    }

    /// Checks `folder` into its catalogue and renders the CSV, as `mly360 check` does.
    @discardableResult
    static func check(_ folder: String, thumbnails: Bool = true, force: Bool = false, thumbnailFolder: String? = nil,
                      options: CheckOptions = CheckOptions(thumbnailSize: 32)) async throws -> CheckSummary {
        let catalog = try Catalog(folder: folder)
        let csv = CatalogCSV.path(in: folder)
        _ = try catalog.importCSVIfChanged(at: csv, root: folder,
                                           thumbnailFolders: [thumbnailFolder ?? folder + "/thumbnails"])
        let run = DatasetCheck(directory: folder,
                               thumbnailDirectory: thumbnails ? (thumbnailFolder ?? folder + "/thumbnails") : nil,
                               options: options, jobs: 2, force: force)
        var summary = try await run.run(catalog: catalog)
        try CatalogCSV.render(catalog, to: csv, root: folder)
        summary.csvPath = csv
        return summary
    }

    /// `<repo>/../shared/testdata/real`, located from this source file; nil when absent.
    static let realDirectory: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = repo.deletingLastPathComponent().appendingPathComponent("shared/testdata/real").path
        return FileManager.default.fileExists(atPath: path + "/manifest.tsv") ? path : nil
    }()
}

extension Catalog {
    /// The size of every verified file, by id (for the tests).
    func verifiedSizes() throws -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        try forEachImage(pageSize: 100) { row in
            if row.isVerified, let bytes = row.bytes { sizes[row.id] = bytes }
        }
        return sizes
    }
}
