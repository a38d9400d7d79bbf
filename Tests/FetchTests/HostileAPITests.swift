import Foundation
import Fetch
import MapillarySimulator
import Testing

@Suite("Hostile API answers")
struct HostileAPITests {
    @Test("hostile records become counted skips or clear errors, never a crash")
    func hostileWorld() async throws {
        try await SimulatedGraph.with(faults: FaultPlan(hostile: true)) { graph in
            let world = graph.simulator.world
            let hostile = world.images.filter(\.hostile)
            try #require(!hostile.isEmpty)
            let area = graph.area
            let truth = Set(world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
            let (images, stats) = try await graph.discover(.bbox(area), filter: DiscoveryFilter(includeFlat: false))
            #expect(truth.isSubset(of: Set(images.keys)))
            #expect(images.keys.allSatisfy { MapillaryImage.isValidID($0) })
            #expect(!images.keys.contains(HostileKind.traversalID))
            let skipped = stats.skipped.values.reduce(0, +)
            #expect(skipped > 0)
            for image in images.values {
                if let width = image.width { #expect(width <= 1_000_000) }
            }
            // A hostile record delivered anyway must be harmless: a valid id and typed accessors that are nil.
            for image in images.values where !truth.contains(image.id) {
                #expect(MapillaryImage.isValidID(image.id))
            }
        }
    }

    @Test("a non-JSON entity answer is a clear error naming the URL")
    func nonJSONEntity() async throws {
        try await SimulatedGraph.with(faults: FaultPlan(hostile: true)) { graph in
            guard let carrier = graph.simulator.world.images.first(where: { $0.hostileKind == .nonJSONEntity }) else {
                Issue.record("the hostile world has no non-JSON entity")
                return
            }
            do {
                _ = try await graph.client.image(id: carrier.id, fields: ImageFields.full)
                Issue.record("a non-JSON body was accepted")
            } catch {
                guard case .invalidResponse(let url, let reason)? = error as? FetchError else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(url.hasPrefix("/\(carrier.id)?fields="))
                #expect(reason.contains("invalid JSON"))
                #expect(!String(describing: error).contains(MapillarySimulator.defaultToken))
            }
        }
    }

    @Test("a paging.next link to another server is refused")
    func foreignPagingLink() async throws {
        try await SimulatedGraph.with { graph in
            await #expect(throws: FetchError.self) {
                _ = try await graph.client.creatorPage(
                    username: "alice", fields: ["id"], limit: 5, next: "https://evil.example/images?creator_username=alice")
            }
            await #expect(throws: FetchError.self) {
                _ = try await graph.client.creatorPage(username: "alice", fields: ["id"], limit: 5, next: "not a url")
            }
            #expect(graph.simulator.statistics().totalGraphRequests == 0)
            // The same host is followed, and an access_token item is stripped.
            let next = graph.simulator.graphURL + "/images?creator_username=alice&fields=id&limit=5&access_token=LEAK"
            let page = try await graph.client.creatorPage(username: "alice", fields: ["id"], limit: 5, next: next)
            #expect(!page.images.isEmpty)
            #expect(graph.simulator.statistics().queryTokenRequests == 0)
        }
    }

    @Test("invalid input is refused before any request", arguments: [
        DiscoverySource.images(["../../etc/passwd"]), .images(["123456789012345678901"]), .images([]),
        .sequences(["a/b"]), .sequences([]), .creator(""), .creator("a/b"),
    ])
    func invalidInput(_ source: DiscoverySource) async throws {
        try await SimulatedGraph.with { graph in
            do {
                _ = try await graph.discover(source)
                Issue.record("accepted \(source)")
            } catch {
                guard case .invalidInput = error as? FetchError else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
            #expect(graph.simulator.statistics().totalGraphRequests == 0)
        }
    }
}
