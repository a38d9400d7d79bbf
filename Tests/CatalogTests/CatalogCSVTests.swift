@testable import Catalog
import Fetch
import Foundation
import Imaging
import Testing

@Suite("The CSV view of the catalogue")
struct CatalogCSVTests {
    static let panorama = #"""
        {"id":"1447075489494186","altitude":48.737,"camera_type":"spherical","captured_at":1630146036000,
         "computed_geometry":{"type":"Point","coordinates":[-0.5463367458184,50.901142238256]},
         "computed_rotation":[1.5680816608427,-0.12745545191882,0.075540302347128],
         "creator":{"username":"trekviewhq","id":"101176865463974"},
         "geometry":{"type":"Point","coordinates":[-0.5463302,50.9011354]},"height":2880,"is_pano":true,
         "make":"GoPro","model":"GoPro Max","width":5760,"sequence":"d7DlxwUTp6JZaIWKHGtnMQ","merge_cc":988066229627404}
        """#
    static let noComputed = #"{"id":"26774514888887982","geometry":{"type":"Point","coordinates":[13.4,52.5]},"captured_at":1,"make":"none","organization":{"id":"42"},"is_pano":true,"sequence":"zz"}"#

    static func rows(_ path: String) throws -> [[String]] {
        let reader = try CSVReader(path: path)
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    static func store(_ texts: [String], in folder: String) throws -> Catalog {
        let store = try Catalog(folder: folder)
        let images = try texts.map { text in
            try MapillaryImage(json: try JSONParser.parse(Array(text.utf8)), raw: text)
        }
        try store.storeImages(images)
        return store
    }

    @Test("leading columns, sorted dotted columns, raw_json exact; failed rows included")
    func layout() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Self.store([Self.panorama, Self.noComputed], in: folder)
        try store.recordVerified(id: "1447075489494186", status: .downloaded, resolution: "original",
                                 url: "https://cdn.example/a?oh=1", urlFetchedAt: Date(),
                                 filename: "1447075489494186.jpg", bytes: 10, sha256: "ab")
        try store.recordFailure(id: "26774514888887982", reason: "cdn 403 after URL refresh: expired, twice",
                                resolution: "original", url: nil, urlFetchedAt: nil)
        let result = try CatalogCSV.render(store, to: CatalogCSV.path(in: folder), root: folder)
        let rows = try Self.rows(result.path)
        let header = rows[0]
        #expect(Array(header.prefix(15)) == CatalogCSV.leadingColumns)
        #expect(Array(header.suffix(QAColumns.names.count + 1)) == ["raw_json"] + QAColumns.names)
        let dotted = Array(header[15..<(header.count - 1 - QAColumns.names.count)])
        #expect(dotted == dotted.sorted())
        for name in ["creator.username", "creator.id", "computed_geometry.coordinates", "computed_geometry.type",
                     "geometry.coordinates", "computed_rotation", "altitude", "is_pano", "merge_cc", "organization.id"] {
            #expect(dotted.contains(name), "missing \(name)")
        }
        for name in ["id", "sequence", "captured_at", "make", "width"] { #expect(!dotted.contains(name)) }
        #expect(rows.count == 3)
        #expect(result.rows == 2)

        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        func value(_ id: String, _ column: String) throws -> String {
            let row = try #require(byID[id])
            return row[try #require(header.firstIndex(of: column))]
        }
        let pano = "1447075489494186"
        #expect(try value(pano, "filename") == "1447075489494186.jpg")
        #expect(try value(pano, "latitude") == "50.901142238256")
        #expect(try value(pano, "longitude") == "-0.5463367458184")
        #expect(try value(pano, "captured_at") == "2021-08-28T10:20:36.000Z")
        #expect(try value(pano, "camera_type") == "spherical")
        #expect(try value(pano, "make") == "GoPro")
        #expect(try value(pano, "width") == "5760")
        #expect(try value(pano, "resolution") == "original")
        #expect(try value(pano, "download_url") == "https://cdn.example/a?oh=1")
        #expect(try value(pano, "download_status") == "downloaded")
        #expect(try value(pano, "download_error") == "")
        #expect(try value(pano, "creator.username") == "trekviewhq")
        #expect(try value(pano, "merge_cc") == "988066229627404")
        #expect(try value(pano, "computed_geometry.coordinates") == "[-0.5463367458184,50.901142238256]")
        #expect(try value(pano, "raw_json") == Self.panorama)
        let reparsed = try JSONParser.parse(Array(try value(pano, "raw_json").utf8))
        #expect(reparsed["id"]?.stringValue == pano)

        let other = "26774514888887982"
        #expect(try value(other, "latitude") == "52.5", "geometry is the fallback")
        #expect(try value(other, "longitude") == "13.4")
        #expect(try value(other, "make") == "", "the literal none means absent")
        #expect(try value(other, "filename") == "")
        #expect(try value(other, "download_status") == "failed")
        #expect(try value(other, "download_error") == "cdn 403 after URL refresh: expired, twice")
        #expect(try value(other, "captured_at") == "1970-01-01T00:00:00.001Z")
        #expect(try value(other, "creator.username") == "")
    }

    @Test("a foreign CSV is imported once: its columns and rows come back unchanged, keyed by id")
    func preservesForeignColumnsAndRows() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Self.store([Self.panorama, Self.noComputed], in: folder)
        let path = CatalogCSV.path(in: folder)
        let writer = try CSVWriter(path: path)
        try writer.write(["id", "label", "filename", "jpeg_status", "notes, with comma"])
        try writer.write(["1447075489494186", "street", "1447075489494186.jpg", "ok", "first \"quoted\""])
        try writer.write(["999", "park", "999.jpg", "damaged", ""])
        try writer.commit()

        let imported = try #require(try store.importCSVIfChanged(at: path, root: folder, thumbnailFolders: []))
        #expect(imported.rows == 2)
        #expect(imported.foreignColumns == ["label", "notes, with comma"])
        try CatalogCSV.render(store, to: path, root: folder)
        let rows = try Self.rows(path)
        let header = rows[0]
        #expect(Array(header.suffix(2)) == ["label", "notes, with comma"])
        let pano = try #require(rows.first { $0[0] == "1447075489494186" })
        #expect(Array(pano.suffix(2)) == ["street", "first \"quoted\""])
        #expect(pano[header.firstIndex(of: "jpeg_status")!] == "", "QA values are the catalogue's, not the old file's")
        let foreign = try #require(rows.first { $0[0] == "999" }, "a row the catalogue did not know is kept")
        #expect(Array(foreign.suffix(2)) == ["park", ""])
        #expect(foreign[1] == "999.jpg")
        let other = try #require(rows.first { $0[0] == "26774514888887982" })
        #expect(Array(other.suffix(2)) == ["", ""])

        // The file mly360 rendered is never imported back; a hand edit is, once.
        #expect(try store.importCSVIfChanged(at: path, root: folder, thumbnailFolders: []) == nil)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: ",park,", with: ",meadow,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try store.importCSVIfChanged(at: path, root: folder, thumbnailFolders: [])?.rows == 3)
        try CatalogCSV.render(store, to: path, root: folder)
        let again = try Self.rows(path)
        #expect(again.count == 4, "one row per image, however often it is imported")
        #expect(again.first { $0[0] == "999" }?.suffix(2) == ["meadow", ""])
        #expect(again.first { $0[0] == "1447075489494186" }?.count == header.count)
    }

    @Test("an empty state still writes the header")
    func emptyState() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CatalogCSV.render(try Catalog(folder: folder), to: CatalogCSV.path(in: folder), root: folder)
        #expect(try Self.rows(result.path) == [CatalogCSV.leadingColumns + ["raw_json"] + QAColumns.names])
    }

    @Test("ISO 8601 UTC timestamps from epoch milliseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_630_146_036_000), "2021-08-28T10:20:36.000Z"),
        (Int64(1_603_459_736_644), "2020-10-23T13:28:56.644Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(4_102_444_799_999), "2099-12-31T23:59:59.999Z"),
    ])
    func isoTimestamp(_ milliseconds: Int64, _ expected: String) {
        #expect(CatalogCSV.isoTimestamp(milliseconds) == expected)
    }
}
