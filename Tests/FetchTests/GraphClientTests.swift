import Foundation
import Fetch
import MapillarySimulator
import Testing

@Suite("Graph client against the simulator")
struct GraphClientTests {
    @Test("each Graph fault is retried and discovery stays complete", arguments: [
        ("500", FaultPlan(graph500Every: 5)),
        ("429 + Retry-After", FaultPlan(rateLimitEvery: 6)),
        ("timeout 400", FaultPlan(timeoutEvery: 4)),
        ("batch glitch", FaultPlan(batchGlitchEvery: 2)),
        ("all at once", FaultPlan(graph500Every: 7, rateLimitEvery: 11, timeoutEvery: 13, batchGlitchEvery: 3)),
    ])
    func faults(_ name: String, _ faults: FaultPlan) async throws {
        try await SimulatedGraph.with(world: WorldSpec(sequences: 6), faults: faults) { graph in
            let area = graph.area
            let truth = Set(graph.simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let (images, _) = try await graph.discover(.bbox(area))
            #expect(Set(images.keys) == truth, "\(name)")
            let statistics = await graph.client.statistics()
            #expect(statistics.retries > 0 || name == "batch glitch", "\(name)")
            #expect(graph.simulator.statistics().graphErrorsServed > 0 || name == "batch glitch")
        }
    }

    @Test("a rejected token stops at once", arguments: ["", "MLY|1234|ffffffffffffffffffffffffffffffff", "MLY|bogus"])
    func authRejected(_ token: String) async throws {
        try await SimulatedGraph.with(token: token) { graph in
            do {
                _ = try await graph.discover(.bbox(graph.area))
                Issue.record("discovery succeeded with token \(token)")
            } catch {
                guard case .authRejected(let message) = error as? FetchError else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(!message.isEmpty)
                #expect(!String(describing: error).contains("ffffffff"))
            }
            #expect(await graph.client.statistics().requests <= 8, "no retries after code 190")
        }
    }

    @Test("requests carry the token in the header only, never in the URL")
    func tokenInHeader() async throws {
        try await SimulatedGraph.with { graph in
            _ = try await graph.client.get(path: "/images", query: [("bbox", graph.area.parameter), ("limit", "1")])
            let stats = graph.simulator.statistics()
            #expect(stats.queryTokenRequests == 0)
            #expect(stats.rejectedTokens == 0)
        }
    }

    @Test("sequence listing and batch metadata")
    func listing() async throws {
        try await SimulatedGraph.with { graph in
            let world = graph.simulator.world
            let key = try #require(world.sequenceKeys.first)
            let ids = try await graph.client.imageIDs(sequence: key)
            #expect(ids == world.sequence(key).map(\.id))
            let (found, notFound) = try await graph.client.images(ids: ids, fields: ImageFields.full)
            #expect(Set(found.map(\.id)) == Set(ids) && notFound.isEmpty)
            #expect(found.allSatisfy { $0.sequence == key && $0.rawJSON.hasPrefix("{") })
            let big = found.filter { (UInt64($0.id) ?? 0) > 1 << 53 }
            #expect(big.allSatisfy { $0.rawJSON.contains("\"\($0.id)\"") })
            #expect(try await graph.client.imageIDs(sequence: "AAAAAAAAAAAAAAAAAAAAAA").isEmpty)
            await #expect(throws: FetchError.self) { _ = try await graph.client.imageIDs(sequence: "../x") }
            await #expect(throws: FetchError.self) { _ = try await graph.client.images(ids: ["12", "../1"], fields: ["id"]) }
        }
    }

    @Test("creator pages via paging.next")
    func creatorPages() async throws {
        try await SimulatedGraph.with { graph in
            let expected = graph.simulator.world.images(creator: "bob").count
            var next: String? = nil
            var seen: [String] = []
            var pages = 0
            repeat {
                let page = try await graph.client.creatorPage(username: "bob", fields: ["id", "sequence"], limit: 7, next: next)
                seen += page.images.map(\.id)
                next = page.next
                pages += 1
            } while next != nil && pages < 1000
            #expect(seen.count == expected && Set(seen).count == expected)
            #expect(pages >= expected / 7)
        }
    }

    @Test("a too-large bbox is refused before sending")
    func bboxTooLarge() async throws {
        try await SimulatedGraph.with { graph in
            let box = BoundingBox(minLon: 13, minLat: 52, maxLon: 13.2, maxLat: 52.2)
            await #expect(throws: FetchError.self) {
                _ = try await graph.client.bboxSample(box, fields: ["id"], limit: 10, panoOnly: true, since: nil, until: nil)
            }
            #expect(graph.simulator.statistics().totalGraphRequests == 0)
        }
    }
}
