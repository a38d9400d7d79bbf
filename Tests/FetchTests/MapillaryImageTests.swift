import Fetch
import Testing

@Suite("Mapillary image record")
struct MapillaryImageTests {
    /// Reference §6 example A (trimmed URL).
    static let exampleA = """
        {"id":"1447075489494186","altitude":48.737,"camera_type":"spherical","captured_at":1630146036000,\
        "computed_geometry":{"type":"Point","coordinates":[-0.5463367458184,50.901142238256]},\
        "creator":{"username":"trekviewhq","id":"101176865463974"},\
        "geometry":{"type":"Point","coordinates":[-0.5463302,50.9011354]},"height":2880,"is_pano":true,\
        "make":"GoPro","model":"GoPro Max","width":5760,"sequence":"d7DlxwUTp6JZaIWKHGtnMQ",\
        "thumb_original_url":"https://scontent.example/a.jpg?oe=65FA7B9A","thumb_2048_url":""}
        """

    private func image(_ text: String) throws -> MapillaryImage {
        try MapillaryImage(json: JSONParser.parse(Array(text.utf8)), raw: text)
    }

    @Test("typed accessors read reference example A")
    func exampleAccessors() throws {
        let image = try image(Self.exampleA)
        #expect(image.id == "1447075489494186")
        #expect(image.rawJSON == Self.exampleA)
        #expect(image.sequence == "d7DlxwUTp6JZaIWKHGtnMQ")
        #expect(image.capturedAt == 1_630_146_036_000)
        #expect(image.isPano == true)
        #expect(image.isPanorama)
        #expect(image.longitude == -0.5463367458184)
        #expect(image.latitude == 50.901142238256)
        #expect(image.width == 5760 && image.height == 2880)
        #expect(image.make == "GoPro" && image.model == "GoPro Max")
        #expect(image.thumbnailURL(.original) == "https://scontent.example/a.jpg?oe=65FA7B9A")
        #expect(image.thumbnailURL(.r2048) == nil)
        #expect(image.thumbnailURL(.r256) == nil)
        #expect(image["creator"]?["username"]?.stringValue == "trekviewhq")
    }

    @Test("geometry falls back, bad values read as nil, 'none' make is absent")
    func fallbacks() throws {
        let image = try image(#"""
            {"id":"26774514888887982","computed_geometry":{"type":"Point","coordinates":[200,10]},
             "geometry":{"type":"Point","coordinates":[9.17,48.77]},"camera_type":"equirectangular",
             "make":"none","model":"","width":"5760","height":-3,"captured_at":"yesterday","is_pano":"yes"}
            """#)
        #expect(image.longitude == 9.17 && image.latitude == 48.77)
        #expect(image.isPano == nil)
        #expect(image.isPanorama)
        #expect(image.make == nil && image.model == nil)
        #expect(image.width == nil && image.height == nil)
        #expect(image.capturedAt == nil)
        let flat = try self.image(#"{"id":"5","camera_type":"perspective","is_pano":false}"#)
        #expect(!flat.isPanorama)
        #expect(flat.longitude == nil)
    }

    @Test("a numeric id literal is kept exactly")
    func numericID() throws {
        let image = try image(#"{"id":18446744073709551615}"#)
        #expect(image.id == "18446744073709551615")
    }

    @Test("invalid ids are refused with the value named, truncated and escaped", arguments: [
        #"{"id":"../../etc/passwd"}"#, #"{"id":""}"#, #"{"id":"18446744073709551616"}"#, #"{"id":"123456789012345678901"}"#,
        #"{"id":"12a"}"#, #"{"id":1.5}"#, #"{"id":true}"#, #"{"x":1}"#, #"[1]"#, #"{"id":"1\n2"}"#, #"{"id":"١٢٣"}"#,
    ])
    func invalidIDs(_ text: String) throws {
        let json = try JSONParser.parse(Array(text.utf8))
        do {
            _ = try MapillaryImage(json: json, raw: text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .invalidRecord(let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(!reason.contains("\n"))
            #expect(reason.count < 200)
        }
    }

    @Test("resolutions name their fields and fall back to smaller sizes")
    func resolutions() {
        #expect(Resolution.original.fieldName == "thumb_original_url")
        #expect(Resolution.r2048.fieldName == "thumb_2048_url")
        #expect(Resolution.r256.fieldName == "thumb_256_url")
        #expect(Resolution.original.fallbacks == [.original, .r2048, .r1024, .r256])
        #expect(Resolution.r1024.fallbacks == [.r1024, .r256])
        #expect(Resolution(rawValue: "2048") == .r2048)
    }

    @Test("the requested field lists are pinned to real v4 names")
    func fieldParameters() {
        #expect(ImageFields.parameter(ImageFields.discovery) == "id,sequence,is_pano,camera_type,captured_at,geometry,computed_geometry")
        #expect(ImageFields.parameter(ImageFields.full) == "id,altitude,atomic_scale,camera_parameters,camera_type,captured_at,compass_angle,computed_altitude,computed_compass_angle,computed_geometry,computed_rotation,creator,exif_orientation,geometry,height,is_pano,make,merge_cc,model,sequence,width,thumb_256_url,thumb_1024_url,thumb_2048_url,thumb_original_url")
        for resolution in Resolution.allCases {
            #expect(ImageFields.full.contains(resolution.fieldName))
        }
        let v3Names = ["key", "sequence_key", "captured_by", "original_url", "exif_make", "camera_make", "file_size"]
        #expect(Set(ImageFields.full).isDisjoint(with: v3Names))
    }

    @Test("error descriptions are sentences with the URL and cause")
    func errorDescriptions() {
        let error = FetchError.http(status: 400, url: "/images?bbox=1,2,3,4", code: 100, subcode: 33, message: "does not exist")
        #expect(error.description == "The Mapillary API request /images?bbox=1,2,3,4 failed (HTTP 400, error code 100, subcode 33): does not exist.")
        #expect(FetchError.transport(url: "/x", message: "connection reset").description == "The request /x could not be completed: connection reset.")
        #expect(FetchError.authRejected(message: "Failed to decode").description.contains("token was rejected"))
    }
}
