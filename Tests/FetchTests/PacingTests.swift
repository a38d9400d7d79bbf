import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

/// Issue 7 §3: the adaptive pace (AIMD on 429 and `x-app-usage`) against the simulator's real rate limit.
@Suite("Adaptive pacing against a rate-limited API")
struct PacingTests {
    @Test("after a rate-limited start, at most 10 % of the API answers are 429 and nothing is lost")
    func shareAfterStorm() async throws {
        let storm = 30
        // 40 requests per 250 ms (9 600/min): far below what the client sends unpaced on loopback.
        let faults = FaultPlan(rateLimitStorm: storm, graphRateLimit: 40, graphRateWindow: .milliseconds(250))
        let world = WorldSpec(sequences: 40, imagesPerSequence: 4...8, panoFraction: 1)
        try await DownloadFixture.with(world: world, faults: faults, seed: 4) { simulator, out in
            var options = DownloadFixture.options(simulator, out: out)
            options.metadataOnly = true
            options.cellSize = 0.0025
            // Honour the server's Retry-After (1 s) as production does; the other delays stay fast.
            options.retry.retryAfterCap = .seconds(1)
            options.retry.itemBudget = .seconds(120)
            let summary = try await DownloadRun(options: options).run()
            let stats = simulator.statistics()
            let after = stats.totalGraphRequests - storm
            let limited = stats.rateLimitedServed - storm
            let share = Double(limited) / Double(max(after, 1))
            print("pacing: \(after) API answers after a \(storm)-request 429 storm, \(limited) of them 429 (\(String(format: "%.1f", share * 100)) %)")
            #expect(after > 200, "enough traffic to span several windows")
            #expect(share <= 0.10)
            #expect(summary.discoveryError == nil)
            #expect(summary.found == DownloadFixture.expectedPanoramas(simulator).count)
        }
    }

    @Test("x-app-usage: below 70 % the pace stays at the ceiling, at 85 % or more it drops to 0.8 ×")
    func usageHeader() async throws {
        // 10 requests per window: request n answers call_count n × 10. The window is an hour, so a slow run
        // (the suite under ThreadSanitizer took minutes for these nine requests) cannot reset it midway.
        let faults = FaultPlan(graphRateLimit: 10, graphRateWindow: .seconds(3600))
        try await SimulatedGraph.with(faults: faults) { graph in
            let query = [("bbox", graph.area.parameter), ("limit", "1")]
            for _ in 0..<6 { _ = try await graph.client.get(path: "/images", query: query) }
            #expect(await graph.client.currentRate() == Double(GraphClient.defaultAPIRate))
            for _ in 0..<3 { _ = try await graph.client.get(path: "/images", query: query) }
            let rate = await graph.client.currentRate()
            #expect(abs(rate - 0.8 * Double(GraphClient.defaultAPIRate)) < 1, "\(rate)")
        }
    }

    @Test("--api-rate caps the pace: 120/min spaces requests half a second apart")
    func ceiling() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration()) { h in
            let http = GraphClient.makeHTTPClient()
            let client = GraphClient(baseURL: h.simulator.graphURL, token: MapillarySimulator.defaultToken,
                                     httpClient: http, retry: .fast(), apiRate: 120)
            let box = h.simulator.configuration.world.area
            let query = [("bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)"), ("limit", "1")]
            let start = ContinuousClock.now
            for _ in 0..<4 { _ = try await client.get(path: "/images", query: query) }
            let elapsed = ContinuousClock.now - start
            try await http.shutdown()
            #expect(elapsed >= .milliseconds(1400), "\(elapsed)")
            #expect(await client.currentRate() <= 120)
        }
    }
}
