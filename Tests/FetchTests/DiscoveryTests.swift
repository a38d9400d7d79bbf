import Foundation
import Fetch
import MapillarySimulator
import Testing

@Suite("Discovery against the simulator")
struct DiscoveryTests {
    @Test("a bbox whose direct answer is a sample still yields every panorama in it")
    func bboxCompleteness() async throws {
        try await SimulatedGraph.with { graph in
            let area = graph.area
            let truth = Set(graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            try #require(truth.count > 50)
            let direct = try await graph.client.bboxSample(
                area, fields: ImageFields.discovery, limit: 2000, panoOnly: true, since: nil, until: nil)
            let directIDs = Set(direct.map(\.id)).intersection(truth)
            #expect(directIDs.count < truth.count, "the single answer should be a sample")

            let (images, stats) = try await graph.discover(.bbox(area))
            #expect(Set(images.keys) == truth)
            #expect(images.values.allSatisfy { $0.isPanorama })
            #expect(stats.found == truth.count)
            #expect(stats.cells >= 48)
            #expect(stats.sequences > 0)
            #expect(stats.requests < 2000)
            #expect(stats.requests == (await graph.client.statistics().requests) - 1)
        }
    }

    @Test("flat images are excluded by default and included with includeFlat")
    func includeFlat() async throws {
        try await SimulatedGraph.with(world: WorldSpec(sequences: 8, panoFraction: 0.5)) { graph in
            let area = graph.area
            let inBox = graph.simulator.world.images(in: area.simBox).filter { !$0.hostile }
            let (panos, stats) = try await graph.discover(.bbox(area))
            #expect(Set(panos.keys) == Set(inBox.filter(\.isPanoramaByLabel).map(\.id)))
            #expect(panos.values.allSatisfy { $0.isPanorama })
            #expect(stats.found == panos.count)
            let (all, allStats) = try await graph.discover(.bbox(area), filter: DiscoveryFilter(includeFlat: true))
            #expect(Set(all.keys) == Set(inBox.map(\.id)))
            #expect(all.count > panos.count)
            #expect(allStats.skipped["flat"] == nil)
        }
    }

    @Test("a polygon with a hole: nothing inside the hole, everything else inside")
    func polygonWithHole() async throws {
        try await SimulatedGraph.with { graph in
            let a = graph.area
            let hole = BoundingBox(
                minLon: a.minLon + a.width * 0.3, minLat: a.minLat + a.height * 0.3,
                maxLon: a.minLon + a.width * 0.7, maxLat: a.minLat + a.height * 0.7)
            func ring(_ b: BoundingBox) -> String {
                "[[\(b.minLon),\(b.minLat)],[\(b.maxLon),\(b.minLat)],[\(b.maxLon),\(b.maxLat)],[\(b.minLon),\(b.maxLat)],[\(b.minLon),\(b.minLat)]]"
            }
            let geoJSON = #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[\#(ring(a)),\#(ring(hole))]}}"#
            let polygon = try GeoPolygon(geoJSON: Array(geoJSON.utf8), path: "hole.geojson")
            let panos = graph.simulator.world.images(in: a.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }
            let inHole = panos.filter { hole.contains(lon: $0.lon, lat: $0.lat) }
            try #require(!inHole.isEmpty)
            let truth = Set(panos.filter { !hole.contains(lon: $0.lon, lat: $0.lat) }.map(\.id))
            let (images, stats) = try await graph.discover(.polygon(polygon))
            #expect(Set(images.keys) == truth)
            #expect(images.values.allSatisfy { image in
                guard let lon = image.longitude, let lat = image.latitude else { return false }
                return !hole.contains(lon: lon, lat: lat) && a.contains(lon: lon, lat: lat)
            })
            #expect((stats.skipped["outside area"] ?? 0) >= inHole.count)
        }
    }

    @Test("sequence source: every panorama of the sequences, in any place")
    func sequences() async throws {
        try await SimulatedGraph.with { graph in
            let world = graph.simulator.world
            let keys = Array(world.sequenceKeys.prefix(3))
            let expected = Set(keys.flatMap { world.sequence($0) }.filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let ledger = MemoryLedger()
            let (images, stats) = try await graph.discover(.sequences(keys), ledger: ledger)
            #expect(Set(images.keys) == expected)
            #expect(stats.sequences == 3)
            #expect(await ledger.expandedSequences == Set(keys))
            await #expect(throws: FetchError.self) { _ = try await graph.discover(.sequences(["../bad"])) }
        }
    }

    @Test("image ids: found, flat skipped, unknown id counted as not found")
    func imageIDs() async throws {
        try await SimulatedGraph.with(world: WorldSpec(panoFraction: 0.5)) { graph in
            let world = graph.simulator.world
            let panos = world.panoramas.prefix(4).map(\.id)
            let flat = try #require(world.images.first { !$0.isPanoramaByLabel && !$0.hostile }).id
            let unknown = "999999999999999"
            let (images, stats) = try await graph.discover(.images(panos + [flat, unknown, panos[0]]))
            #expect(Set(images.keys) == Set(panos))
            #expect(stats.skipped["not found"] == 1)
            #expect(stats.skipped["flat"] == 1)
            let (client, missing) = try await graph.client.images(ids: [unknown, panos[1]], fields: ImageFields.full)
            #expect(client.map(\.id) == [panos[1]] && missing == [unknown])
            #expect(try await graph.client.image(id: unknown, fields: ImageFields.thumbnails) == nil)
        }
    }

    @Test("creator paging follows paging.next through every page")
    func creator() async throws {
        try await SimulatedGraph.with(world: WorldSpec(sequences: 9)) { graph in
            let world = graph.simulator.world
            let expected = world.images(creator: "alice").filter { $0.isPanoramaByLabel && !$0.hostile }
            try #require(expected.count > 25)
            let ledger = MemoryLedger()
            let (images, _) = try await graph.discover(.creator("alice"), ledger: ledger, limit: 10)
            #expect(Set(images.keys) == Set(expected.map(\.id)))
            let pages = graph.simulator.statistics().graphRequests["creator"] ?? 0
            #expect(pages >= world.images(creator: "alice").count / 10)
            #expect(try await ledger.creatorFinished("alice"))
            // A finished creator costs nothing on the next run.
            let before = await graph.client.statistics().requests
            let (_, again) = try await graph.discover(.creator("alice"), ledger: ledger, limit: 10)
            #expect(again.found == 0)
            #expect(await graph.client.statistics().requests == before)
        }
    }

    @Test("date filters are inclusive at both ends")
    func dates() async throws {
        try await SimulatedGraph.with { graph in
            let area = graph.area
            let panos = graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }
            let times = panos.map(\.capturedAt).sorted()
            let since = times[times.count / 4], until = times[times.count * 3 / 4]
            let expected = Set(panos.filter { $0.capturedAt >= since && $0.capturedAt <= until }.map(\.id))
            let filter = DiscoveryFilter(
                since: Date(timeIntervalSince1970: Double(since) / 1000), until: Date(timeIntervalSince1970: Double(until) / 1000))
            let (images, stats) = try await graph.discover(.bbox(area), filter: filter)
            #expect(Set(images.keys) == expected)
            #expect(images.values.contains { $0.capturedAt == since } && images.values.contains { $0.capturedAt == until })
            #expect((stats.skipped["before --since"] ?? 0) + (stats.skipped["after --until"] ?? 0) > 0)
        }
    }

    @Test("maxImages stops delivery, and a resume finishes without re-fetching known images")
    func resume() async throws {
        try await SimulatedGraph.with { graph in
            let area = graph.area
            let truth = Set(graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let ledger = MemoryLedger()
            let (first, firstStats) = try await graph.discover(.bbox(area), ledger: ledger, maxImages: 30)
            #expect(first.count == 30 && firstStats.found == 30)
            let (all, second) = try await graph.discover(.bbox(area), ledger: ledger)
            #expect(Set(all.keys) == truth)
            #expect(second.found == truth.count - 30)
            #expect(second.cells == 0, "every cell was completed by the first run")
            let (_, third) = try await graph.discover(.bbox(area), ledger: ledger)
            #expect(third.found == 0 && third.requests == 0)
        }
    }

    @Test("a dense cell that fails with 'reduce the amount of data' is split until complete")
    func denseSplit() async throws {
        let dense = WorldSpec(area: SimBox(minLon: 13.4, minLat: 52.5, maxLon: 13.405, maxLat: 52.505), sequences: 40, imagesPerSequence: 40...50, panoFraction: 1)
        try await SimulatedGraph.with(world: dense) { graph in
            let area = graph.area
            let truth = Set(graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            try #require(truth.count > 1200)
            let (images, stats) = try await graph.discover(.bbox(area))
            #expect(Set(images.keys) == truth)
            #expect(stats.splits > 0)
            #expect(stats.failedCells == 0)
        }
    }

    @Test("a 10 000-image area is discovered in under 2 000 API requests")
    func requestBudget() async throws {
        let world = WorldSpec(sequences: 100, imagesPerSequence: 95...105, panoFraction: 1)
        try await SimulatedGraph.with(world: world) { graph in
            let area = graph.area
            let truth = Set(graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            #expect(graph.simulator.world.images.count >= 9500)
            let (images, stats) = try await graph.discover(.bbox(area))
            #expect(Set(images.keys) == truth)
            #expect(stats.requests < 2000)
            let seen = graph.simulator.statistics().totalGraphRequests
            #expect(seen < 2000)
            print("discovery budget: \(truth.count) images in the area, \(stats.requests) requests (\(stats.cells) cells, \(stats.splits) splits, \(stats.sequences) sequences)")
        }
    }
}
