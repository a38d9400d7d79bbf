@testable import Catalog
import Fetch
import Foundation
import Testing

@Suite("Stationary frames and camera tilt (downloads)")
struct StationaryTests {
    static func record(_ id: String, lon: Double, lat: Double, at seconds: Int, rotation: String = "[1.5707963267949,0,0]") -> String {
        #"{"id":"\#(id)","sequence":"seqS","captured_at":\#(1_700_000_000_000 + seconds * 1000),"is_pano":true,"#
            + #""computed_geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"computed_rotation":\#(rotation)}"#
    }

    @Test("a frame < 1 m from its predecessor and a near-duplicate of it is stationary; tilt from computed_rotation")
    func stationary() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try Catalog(folder: folder)
        let texts = [
            Self.record("101", lon: 13.4, lat: 52.5, at: 0, rotation: "[1.5680816608427,-0.12745545191882,0.075540302347128]"),
            Self.record("102", lon: 13.4000040, lat: 52.5, at: 1),  // 0.27 m east, same picture
            Self.record("103", lon: 13.4001, lat: 52.5, at: 2),     // 6.8 m east, same picture: moved
            Self.record("104", lon: 13.4001050, lat: 52.5, at: 3),  // 0.34 m on, another picture
        ]
        try catalog.storeImages(try texts.map { try MapillaryImage(json: try JSONParser.parse(Array($0.utf8)), raw: $0) })
        let same = try CatalogFixtures.panorama(seed: 1)
        for id in ["101", "102", "103"] { try CatalogFixtures.write(same, to: folder, as: "\(id).jpg") }
        try CatalogFixtures.write(try CatalogFixtures.jpeg(width: 128, height: 64, seed: 77), to: folder, as: "104.jpg")
        try await CatalogFixtures.check(folder, thumbnails: false)
        let rows = Dictionary(uniqueKeysWithValues: try CatalogFixtures.table(CatalogCSV.path(in: folder)).rows.map { ($0["id"] ?? "", $0) })
        #expect(rows["101"]?["stationary"] == "false")
        #expect(rows["102"]?["stationary"] == "true")
        #expect(rows["103"]?["stationary"] == "false", "moved 6.8 m")
        #expect(rows["104"]?["stationary"] == "false", "another picture")
        #expect(rows["101"]?["camera_tilt_deg"] == "1.893")
        #expect((rows["102"]?["camera_tilt_deg"]).flatMap(Double.init).map { $0 < 0.01 } == true, "a level camera")
        #expect(CameraTilt.degrees([0, 0.5, 0]).map { abs($0 - 90) < 1e-9 } == true, "a rotation about y keeps y horizontal")
    }
}
