import Foundation
import MapillarySimulator
import Testing

@Suite("Simulator faults")
struct SimulatorFaultTests {
    /// Status codes of `count` identical, valid Graph requests.
    static func statuses(_ faults: FaultPlan, count: Int) async throws -> [Int] {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: faults)) { h in
            var statuses: [Int] = []
            for _ in 0..<count { statuses.append(try await h.graph("/image_ids?sequence_id=x").status) }
            #expect(h.simulator.statistics().graphErrorsServed == statuses.filter { $0 != 200 }.count)
            return statuses
        }
    }

    @Test("Fault schedules follow the request counter, identically on every run")
    func schedule() async throws {
        let plan = FaultPlan(graph500Every: 3, rateLimitEvery: 4, timeoutEvery: 5)
        let first = try await Self.statuses(plan, count: 12)
        #expect(first == [200, 200, 500, 429, 400, 500, 200, 429, 500, 400, 200, 500])
        #expect(try await Self.statuses(plan, count: 12) == first)
    }

    @Test("500: MLYApiException 'temporarily unavailable'")
    func backendHiccup() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(graph500Every: 1))) { h in
            let answer = try await h.graph("/image_ids?sequence_id=x")
            #expect(answer.status == 500)
            let error = try answer.error()
            #expect(error["type"] as? String == "MLYApiException")
            #expect(error["message"] as? String == "temporarily unavailable")
        }
    }

    @Test("429 carries Retry-After: 1, and every second one has a non-JSON body")
    func rateLimit() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(rateLimitEvery: 1))) { h in
            let first = try await h.graph("/image_ids?sequence_id=x")
            let second = try await h.graph("/image_ids?sequence_id=x")
            for answer in [first, second] {
                #expect(answer.status == 429)
                #expect(answer.headers["retry-after"] == "1")
            }
            #expect(try first.error()["code"] as? Int == 4)
            #expect(second.text.hasPrefix("<?xml"))
            #expect((try? JSONSerialization.jsonObject(with: second.body)) == nil)
        }
    }

    @Test("timeoutEvery answers the query-timeout envelope")
    func timeout() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(timeoutEvery: 1))) { h in
            let answer = try await h.graph("/image_ids?sequence_id=x")
            #expect(answer.status == 400)
            let error = try answer.error()
            #expect(error["code"] as? Int == -2 && error["error_subcode"] as? Int == 3404014)
            #expect(error["error_user_title"] as? String == "Query Timeout")
            #expect(error["type"] as? String == "OAuthException")
        }
    }

    @Test("batchGlitchEvery answers {\"data\":[]} for ids that exist, while entity lookups work")
    func batchGlitch() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(batchGlitchEvery: 2))) { h in
            let ids = h.simulator.world.images.prefix(5).map(\.id)
            let query = "/images?image_ids=\(ids.joined(separator: ","))&fields=id"
            var counts: [Int] = []
            for _ in 0..<3 { counts.append(try await h.graph(query).ids().count) }
            #expect(counts == [5, 0, 5])
            let entity = try await h.graph("/\(ids[0])?fields=id")
            #expect(entity.status == 200)
        }
    }

    @Test("Latency delays answers without changing them")
    func latency() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(latency: .milliseconds(20)))) { h in
            let key = try #require(h.simulator.world.sequenceKeys.first)
            #expect(try await h.graph("/image_ids?sequence_id=\(key)").ids() == h.simulator.world.sequence(key).map(\.id))
        }
    }

    @Test("Hostile records: a path-like id in batches, absurd size, string captured_at, no geometry, non-JSON entity")
    func hostile() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(hostile: true))) { h in
            let world = h.simulator.world
            let hostile = world.images.filter(\.hostile)
            #expect(Set(hostile.compactMap(\.hostileKind)) == Set(HostileKind.allCases))
            #expect(world.panoramas.allSatisfy { !$0.hostile })
            func record(_ kind: HostileKind) throws -> SimulatedImage { try #require(hostile.first { $0.hostileKind == kind }) }

            let sequence = try record(.pathTraversalID).sequence
            let batchIDs = world.sequence(sequence).map(\.id)
            let batch = try await h.graph("/images?image_ids=\(batchIDs.joined(separator: ","))&fields=id,width,captured_at,geometry")
            let objects = try batch.data()
            #expect(objects.contains { $0["id"] as? String == HostileKind.traversalID })
            #expect(!objects.contains { $0["id"] as? String == (try? record(.nonJSONEntity).id) })
            let absurd = try #require(objects.first { $0["id"] as? String == (try? record(.absurdSize).id) })
            #expect(absurd["width"] as? Int == 999_999_999)
            let stringTime = try #require(objects.first { $0["id"] as? String == (try? record(.capturedAtString).id) })
            #expect(stringTime["captured_at"] is String)
            let noGeometry = try #require(objects.first { $0["id"] as? String == (try? record(.missingGeometry).id) })
            #expect(noGeometry["geometry"] == nil)
            #expect(try await h.graph("/image_ids?sequence_id=\(sequence)").ids().contains(HostileKind.traversalID))

            let html = try await h.graph("/\(try record(.nonJSONEntity).id)?fields=id")
            #expect(html.status == 200)
            #expect(html.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect((try? JSONSerialization.jsonObject(with: html.body)) == nil)
        }
    }
}
