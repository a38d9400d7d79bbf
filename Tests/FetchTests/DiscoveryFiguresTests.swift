import Fetch
import Foundation
import MapillarySimulator
import Testing

/// The README's figures on a dense area of about 40 000 images (0.04° × 0.04°, 0.0016 deg²), for every
/// mode under today's and the harsh thinning. Long, so it runs only with `MLY360_FIGURES=1`.
@Suite("Discovery figures on a 40 000-image area", .enabled(if: ProcessInfo.processInfo.environment["MLY360_FIGURES"] == "1"))
struct DiscoveryFiguresTests {
    @Test("recall 1.0 in every mode and thinning; tiles need at most one request per 30 images",
          arguments: [1.0, SimulatorConfiguration.harshThinning], [DiscoveryMode.tiles, .search, .both])
    func figures(thinning: Double, mode: DiscoveryMode) async throws {
        let world = WorldSpec(area: SimBox(minLon: 13.38, minLat: 52.48, maxLon: 13.42, maxLat: 52.52),
                              sequences: 200, imagesPerSequence: 150...250)
        try await TiledGraph.with(world: world, thinning: thinning) { graph in
            let truth = graph.truth
            try #require(truth.count > 25_000)
            let started = ContinuousClock.now
            let (images, stats) = try await graph.discover(mode)
            TileDiscoveryTests.report(mode, thinning: thinning > 1 ? "harsh" : "normal", truth: truth, images: images, stats: stats)
            print("figures: \(graph.simulator.world.images.count) images in the world, \(ContinuousClock.now - started)")
            #expect(images == truth)
            if mode == .tiles { #expect(Double(stats.requests) <= Double(truth.count) / 30) }
        }
    }
}
