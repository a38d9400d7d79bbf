import Fetch
import Foundation
import Imaging
import Testing

@Suite("MetadataCSV")
struct MetadataCSVTests {
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

    static func store(_ texts: [String], in folder: String) throws -> StateStore {
        let store = try StateStore(outDirectory: folder)
        let images = try texts.map { text in
            try MapillaryImage(json: try JSONParser.parse(Array(text.utf8)), raw: text)
        }
        try store.storeImages(images)
        return store
    }

    @Test("leading columns, sorted dotted columns, raw_json exact; failed rows included")
    func layout() throws {
        let folder = try DownloadFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Self.store([Self.panorama, Self.noComputed], in: folder)
        try store.recordVerified(id: "1447075489494186", status: .downloaded, resolution: "original",
                                 url: "https://cdn.example/a?oh=1", urlFetchedAt: Date(),
                                 filename: "1447075489494186.jpg", bytes: 10, sha256: "ab")
        try store.recordFailure(id: "26774514888887982", reason: "cdn 403 after URL refresh: expired, twice",
                                resolution: "original", url: nil, urlFetchedAt: nil)
        let result = try MetadataCSV.write(state: store, outDirectory: folder)
        let rows = try Self.rows(result.path)
        let header = rows[0]
        #expect(Array(header.prefix(15)) == MetadataCSV.leadingColumns)
        #expect(header.last == "raw_json")
        let dotted = Array(header[15..<(header.count - 1)])
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

    @Test("columns an earlier check added are kept, in their order, for rows of the same id")
    func preservesExtraColumns() throws {
        let folder = try DownloadFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Self.store([Self.panorama, Self.noComputed], in: folder)
        let path = MetadataCSV.path(in: folder)
        let writer = try CSVWriter(path: path)
        try writer.write(["id", "filename", "jpeg_status", "sha256", "equirectangular"])
        try writer.write(["1447075489494186", "1447075489494186.jpg", "ok", "abc", "confirmed"])
        try writer.write(["999", "999.jpg", "damaged", "def", "no"])
        try writer.commit()

        try MetadataCSV.write(state: store, outDirectory: folder)
        let rows = try Self.rows(path)
        let header = rows[0]
        #expect(Array(header.suffix(4)) == ["raw_json", "jpeg_status", "sha256", "equirectangular"])
        let pano = try #require(rows.first { $0[0] == "1447075489494186" })
        #expect(Array(pano.suffix(3)) == ["ok", "abc", "confirmed"])
        let other = try #require(rows.first { $0[0] == "26774514888887982" })
        #expect(Array(other.suffix(3)) == ["", "", ""])
        #expect(!rows.contains { $0[0] == "999" }, "rows of images not in the state are not invented")
    }

    @Test("an empty state still writes the header")
    func emptyState() throws {
        let folder = try DownloadFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try MetadataCSV.write(state: try StateStore(outDirectory: folder), outDirectory: folder)
        #expect(try Self.rows(result.path) == [MetadataCSV.leadingColumns + ["raw_json"]])
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
        #expect(MetadataCSV.isoTimestamp(milliseconds) == expected)
    }
}
