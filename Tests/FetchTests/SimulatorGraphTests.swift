import Foundation
import MapillarySimulator
import Testing

@Suite("Simulator Graph API")
struct SimulatorGraphTests {
    @Test("A bbox answer over the whole default world is a thin, unordered sample well below the limit")
    func bboxIsSampled() async throws {
        try await SimulatorHarness.with { h in
            let area = h.simulator.configuration.world.area
            let inside = h.simulator.world.images(in: area)
            let answer = try await h.graph("/images?bbox=\(area)&fields=id,sequence,computed_geometry&limit=2000")
            #expect(answer.status == 200, "\(answer.text)")
            let ids = try answer.ids()
            #expect(!ids.isEmpty)
            #expect(ids.count < 2000)
            #expect(ids.count * 4 < inside.count, "\(ids.count) of \(inside.count) returned: not a thin sample")
            let known = Set(h.simulator.world.images.map(\.id))
            #expect(ids.allSatisfy(known.contains))
            #expect(try answer.object()["paging"] == nil)
            // Deterministic: the same request gets the same answer.
            #expect(try await h.graph("/images?bbox=\(area)&fields=id,sequence,computed_geometry&limit=2000").ids() == ids)
        }
    }

    @Test("Small cells find every sequence, and sequence expansion then reaches every image")
    func smallCellsPlusExpansionAreComplete() async throws {
        try await SimulatorHarness.with { h in
            let area = h.simulator.configuration.world.area
            let step = 0.005, pad = 0.0002
            var sequences = Set<String>()
            var lon = area.minLon
            while lon < area.maxLon {
                var lat = area.minLat
                while lat < area.maxLat {
                    let cell = SimBox(minLon: lon - pad, minLat: lat - pad, maxLon: lon + step + pad, maxLat: lat + step + pad)
                    let answer = try await h.graph("/images?bbox=\(cell)&fields=id,sequence&limit=1000")
                    #expect(answer.status == 200, "\(cell): \(answer.text)")
                    for object in try answer.data() { if let key = object["sequence"] as? String { sequences.insert(key) } }
                    lat += step
                }
                lon += step
            }
            #expect(sequences == Set(h.simulator.world.sequenceKeys))
            var found = Set<String>()
            for key in sequences { found.formUnion(try await h.graph("/image_ids?sequence_id=\(key)").ids()) }
            #expect(found == Set(h.simulator.world.images.map(\.id)))
        }
    }

    @Test("A cell keeps a fraction of its images, more than a big box does")
    func thinningShrinksWithArea() async throws {
        let world = WorldSpec(sequences: 30, imagesPerSequence: 20...20)
        try await SimulatorHarness.with(SimulatorConfiguration(seed: 3, world: world)) { h in
            let area = world.area
            let cell = SimBox(minLon: area.minLon + 0.01, minLat: area.minLat + 0.01, maxLon: area.minLon + 0.015, maxLat: area.minLat + 0.015)
            let inCell = h.simulator.world.images(in: cell).count
            try #require(inCell >= 10, "the test world needs a populated cell")
            let cellAnswer = try await h.graph("/images?bbox=\(cell)&fields=id").ids()
            let inCellReturned = cellAnswer.filter { id in h.simulator.world.images(in: cell).contains { $0.id == id } }.count
            #expect(inCellReturned < inCell)
            #expect(Double(inCellReturned) / Double(inCell) > 0.25)
            let whole = try await h.graph("/images?bbox=\(area)&fields=id").ids()
            #expect(Double(whole.count) / Double(h.simulator.world.images(in: area).count) < 0.15)
        }
    }

    @Test("A box of 0.01 deg² or more is refused with HTTP 500, code 1, and counted")
    func areaLimit() async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph("/images?bbox=13.3,52.4,13.4,52.5&fields=id")
            #expect(answer.status == 500)
            let error = try answer.error()
            #expect(error["code"] as? Int == 1)
            #expect((error["message"] as? String)?.contains("reduce the amount of data") == true)
            #expect(h.simulator.statistics().bboxTooLarge == 1)
            #expect(try await h.graph("/images?bbox=13.3,52.4,13.399,52.5&fields=id").status == 200)
        }
    }

    @Test("Malformed or out-of-range boxes answer HTTP 400 code 100",
          arguments: ["52.49,13.38,52.52,13.42x", "13.42,52.49,13.38,52.52", "13.38,52.49,13.42", "a,b,c,d",
                      "13.38,95,13.42,96", "13.38,52.49,13.38,52.52", ""])
    func malformedBBox(_ bbox: String) async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph("/images?bbox=\(SimulatorHarness.encode(bbox))&fields=id")
            #expect(answer.status == 400)
            #expect(try answer.error()["code"] as? Int == 100)
        }
    }

    @Test("A dense box times out (HTTP 400, code -2, subcode 3404014) every time")
    func denseBoxTimesOut() async throws {
        let area = SimBox(minLon: 13.40, minLat: 52.50, maxLon: 13.403, maxLat: 52.503)
        let world = WorldSpec(area: area, sequences: 35, imagesPerSequence: 20...20)
        try await SimulatorHarness.with(SimulatorConfiguration(world: world)) { h in
            try #require(h.simulator.world.images(in: area).count > 600)
            for _ in 0..<2 {
                let answer = try await h.graph("/images?bbox=\(area)&fields=id")
                #expect(answer.status == 400)
                let error = try answer.error()
                #expect(error["code"] as? Int == -2)
                #expect(error["error_subcode"] as? Int == 3404014)
                #expect(error["is_transient"] as? Bool == false)
            }
            let quarter = SimBox(minLon: 13.40, minLat: 52.50, maxLon: 13.4015, maxLat: 52.5015)
            if h.simulator.world.images(in: quarter).count <= 600 {
                #expect(try await h.graph("/images?bbox=\(quarter)&fields=id").status == 200)
            }
        }
    }

    @Test("`/image_ids` lists a sequence in capture order; an unknown key gives an empty list")
    func sequenceListing() async throws {
        try await SimulatorHarness.with { h in
            for key in h.simulator.world.sequenceKeys {
                let ids = try await h.graph("/image_ids?sequence_id=\(key)").ids()
                #expect(ids == h.simulator.world.sequence(key).map(\.id))
            }
            let unknown = try await h.graph("/image_ids?sequence_id=AAAAAAAAAAAAAAAAAAAAAA")
            #expect(unknown.status == 200)
            #expect(try unknown.ids().isEmpty)
        }
    }

    @Test("Batches omit unknown ids, answer in any order, and refuse more than 50 ids")
    func batches() async throws {
        try await SimulatorHarness.with { h in
            let known = h.simulator.world.images.prefix(20).map(\.id)
            let asked = known + ["1", "999999999999999"]
            let answer = try await h.graph("/images?image_ids=\(asked.joined(separator: ","))&fields=id,is_pano")
            #expect(answer.status == 200)
            let ids = try answer.ids()
            #expect(Set(ids) == Set(known))
            #expect(ids.count == known.count)
            let many = h.simulator.world.images.prefix(51).map(\.id).joined(separator: ",")
            let refused = try await h.graph("/images?image_ids=\(many)&fields=id")
            #expect(refused.status == 400)
            #expect(try refused.error()["code"] as? Int == 100)
        }
    }

    @Test("Unknown or malformed ids answer the not-found envelope (HTTP 400, code 100, subcode 33)",
          arguments: ["1", "999999999999999", "abc", "d7DlxwUTp6JZaIWKHGtnMQ"])
    func notFound(_ id: String) async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph("/\(id)?fields=id")
            #expect(answer.status == 400)
            let error = try answer.error()
            #expect(error["code"] as? Int == 100)
            #expect(error["error_subcode"] as? Int == 33)
            #expect(error["type"] as? String == "MLYApiException")
            #expect((error["message"] as? String)?.contains("'\(id)'") == true)
            #expect(error["fbtrace_id"] is String)
        }
    }

    @Test("An entity lookup returns the bare object with only the requested fields, ids as strings")
    func entityFields() async throws {
        try await SimulatorHarness.with { h in
            let pano = try #require(h.simulator.world.panoramas.first { !$0.mislabelled })
            let object = try await h.graphObject("/\(pano.id)?fields=captured_at,is_pano,geometry")
            #expect(Set(object.keys) == ["id", "captured_at", "is_pano", "geometry"])
            #expect(object["id"] as? String == pano.id)
            #expect((object["captured_at"] as? NSNumber)?.int64Value == pano.capturedAt)
            let full = try await h.graphObject("/\(pano.id)?fields=\(SimulatorHarness.allFields)")
            #expect(full["camera_parameters"] == nil, "panoramas have no camera_parameters")
            #expect(full["camera_type"] as? String == pano.cameraType)
            #expect((full["creator"] as? [String: Any])?["username"] as? String == pano.creator)
            #expect((full["creator"] as? [String: Any])?["id"] as? String == pano.creatorID)
            #expect(full["width"] as? Int == pano.width && full["height"] as? Int == pano.height)
            #expect(full["sequence"] as? String == pano.sequence)
            let computed = try #require((full["computed_geometry"] as? [String: Any])?["coordinates"] as? [Double])
            #expect(computed == [pano.lon, pano.lat])
            let flat = try #require(h.simulator.world.images.first { !$0.isPanoramaByLabel })
            let flatObject = try await h.graphObject("/\(flat.id)?fields=camera_parameters,is_pano")
            #expect((flatObject["camera_parameters"] as? [Double])?.count == 3)
            #expect(flatObject["is_pano"] as? Bool == false)
        }
    }

    @Test("Ids above 2^53 exist and travel as strings; sequence keys are 22 URL-safe characters")
    func idsAndKeys() async throws {
        try await SimulatorHarness.with { h in
            let large = h.simulator.world.images.filter { (UInt64($0.id) ?? 0) > 1 << 53 }
            #expect(!large.isEmpty)
            let id = try #require(large.first?.id)
            let raw = try await h.graph("/\(id)?fields=id").text
            #expect(raw.contains("\"id\":\"\(id)\""))
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
            #expect(h.simulator.world.sequenceKeys.allSatisfy { $0.count == 22 && $0.allSatisfy(allowed.contains) })
        }
    }

    @Test("Images without an original URL lack `thumb_original_url` but have `thumb_2048_url`")
    func missingOriginal() async throws {
        try await SimulatorHarness.with { h in
            let image = try #require(h.simulator.world.images.first { !$0.hasOriginalURL })
            let object = try await h.graphObject("/\(image.id)?fields=thumb_original_url,thumb_2048_url")
            #expect(object["thumb_original_url"] == nil)
            #expect((object["thumb_2048_url"] as? String)?.hasPrefix(h.simulator.cdnURL + "/m1/v/t6/") == true)
        }
    }

    @Test("Unknown field names fail the request with (#100) naming the field",
          arguments: ["sequence_key", "captured_by", "original_url", "exif_make", "camera_make", "images{id}"])
    func unknownField(_ field: String) async throws {
        try await SimulatorHarness.with { h in
            let id = try #require(h.simulator.world.images.first?.id)
            let answer = try await h.graph("/\(id)?fields=id,\(SimulatorHarness.encode(field))")
            #expect(answer.status == 400)
            let error = try answer.error()
            #expect(error["code"] as? Int == 100)
            #expect(error["message"] as? String == "(#100) Tried accessing nonexisting field (\(field))")
        }
    }

    @Test("Requests that match no endpoint answer HTTP 400 code 100",
          arguments: ["/images?fields=id", "/images/extra", "/image_ids", "/123/detections?fields=id"])
    func unsupported(_ path: String) async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph(path)
            #expect(answer.status == 400)
            #expect(try answer.error()["code"] as? Int == 100)
        }
    }

    @Test("Creator search pages newest first through `paging.next` and reaches every image")
    func creatorPaging() async throws {
        try await SimulatorHarness.with { h in
            let creator = "alice"
            let expected = h.simulator.world.images(creator: creator)
            try #require(expected.count > 10)
            var next: String? = h.simulator.graphURL + "/images?creator_username=\(creator)&fields=id,captured_at&limit=7"
            var ids: [String] = []
            var times: [Int64] = []
            var pages = 0
            while let url = next {
                let answer = try await h.get(url, headers: ["Authorization": "OAuth \(MapillarySimulator.defaultToken)"])
                #expect(answer.status == 200)
                let page = try answer.data()
                #expect(page.count <= 7)
                ids += page.compactMap { $0["id"] as? String }
                times += page.compactMap { ($0["captured_at"] as? NSNumber)?.int64Value }
                next = (try answer.object()["paging"] as? [String: Any])?["next"] as? String
                #expect(next?.contains("access_token") != true)
                pages += 1
                try #require(pages < 100)
            }
            #expect(ids.count == expected.count)
            #expect(Set(ids) == Set(expected.map(\.id)))
            #expect(times == times.sorted(by: >))
            let unknown = try await h.graph("/images?creator_username=nobody_here&fields=id")
            #expect(try unknown.ids().isEmpty)
            #expect(h.simulator.statistics().graphRequests["creator"] == pages + 1)
        }
    }
}
