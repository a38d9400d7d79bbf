import AsyncHTTPClient
import Fetch
import Foundation
import MapillarySimulator
import Testing

/// A simulator with a chosen thinning, a Graph client and a tile client (fast pacing) pointed at it.
struct TiledGraph {
    let simulator: MapillarySimulator
    let client: GraphClient
    let tiles: TileClient

    /// A dense 0.02° × 0.02° world: about 1 800 images in 60 sequences, 75 % of them 360°.
    static let dense = WorldSpec(area: SimBox(minLon: 13.40, minLat: 52.50, maxLon: 13.42, maxLat: 52.52),
                                 sequences: 60, imagesPerSequence: 20...40)

    static func with<T>(world: WorldSpec = dense, thinning: Double = 1, faults: FaultPlan = FaultPlan(), seed: UInt64 = 21,
                        logger: LogRecords? = nil, _ body: (TiledGraph) async throws -> T) async throws -> T {
        try await SimulatedGraph.with(world: world, faults: faults, seed: seed, thinning: thinning) { simulated in
            var client = simulated.client
            if let logger { client = client.logging(to: logger.logger) }
            return try await body(TiledGraph(simulator: simulated.simulator, client: client,
                                             tiles: TileClient(graph: client, baseURL: simulated.simulator.graphURL, perMinute: 60_000)))
        }
    }

    var area: BoundingBox {
        let box = simulator.configuration.world.area
        return BoundingBox(minLon: box.minLon, minLat: box.minLat, maxLon: box.maxLon, maxLat: box.maxLat)
    }

    /// Ground truth: the 360° images a correct client keeps in the area.
    var truth: Set<String> {
        Set(simulator.world.images(in: area.simBox).filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.id))
    }

    func discover(_ mode: DiscoveryMode, source: DiscoverySource? = nil) async throws -> (images: Set<String>, stats: DiscoveryStats) {
        let ledger = MemoryLedger()
        let discovery = Discovery(client: client, ledger: ledger, mode: mode, tiles: tiles)
        let stats = try await discovery.run(source ?? .bbox(area), filter: DiscoveryFilter(), maxImages: nil, progress: nil) { images in
            await ledger.store(images)
        }
        #expect(await ledger.duplicateDeliveries == 0)
        return (Set(await ledger.stored.keys), stats)
    }
}

@Suite("Coverage tiles, rationing-aware search and their union")
struct TileDiscoveryTests {
    /// Prints the figures the README quotes: recall and requests per image.
    static func report(_ mode: DiscoveryMode, thinning: String, truth: Set<String>, images: Set<String>, stats: DiscoveryStats) {
        let recall = Double(truth.intersection(images).count) / Double(max(truth.count, 1))
        print("figures: mode \(mode.rawValue), thinning \(thinning): recall \(String(format: "%.4f", recall)) of \(truth.count) images, "
              + "\(stats.requests) requests (\(stats.tiles) tiles, \(stats.cells) cells, \(stats.sequences) sequences), "
              + "1 request per \(String(format: "%.1f", Double(truth.count) / Double(max(stats.requests, 1)))) images")
    }

    @Test("harsh thinning rations: one answer per top-level cell misses sequences")
    func harshThinningRations() async throws {
        try await TiledGraph.with(thinning: SimulatorConfiguration.harshThinning) { graph in
            let grid = try AreaGrid(bounds: graph.area, cellSize: 0.005)
            var named = Set<String>()
            for cell in grid.cells {
                let sample = try await graph.client.bboxSample(cell.padded(by: AreaGrid.padding), fields: ImageFields.discovery,
                                                               limit: 1000, panoOnly: true, since: nil, until: nil)
                named.formUnion(sample.compactMap(\.sequence))
            }
            let truthSequences = Set(graph.simulator.world.images(in: graph.area.simBox)
                .filter { $0.isPanoramaByLabel && !$0.hostile }.map(\.sequence))
            #expect(named.count < truthSequences.count)
            #expect(named.isSubset(of: Set(graph.simulator.world.sequenceKeys)))
        }
    }

    @Test("recall 1.0 under harsh thinning", arguments: [DiscoveryMode.tiles, .search, .both])
    func recallHarsh(mode: DiscoveryMode) async throws {
        try await TiledGraph.with(thinning: SimulatorConfiguration.harshThinning) { graph in
            let truth = graph.truth
            try #require(truth.count > 1000)
            let (images, stats) = try await graph.discover(mode)
            TileDiscoveryTests.report(mode, thinning: "harsh", truth: truth, images: images, stats: stats)
            #expect(images == truth, "\(mode): \(truth.subtracting(images).count) of \(truth.count) missed")
            #expect(stats.found == truth.count)
            switch mode {
            case .tiles:
                #expect(stats.cells == 0)
                #expect(stats.tiles == 2 * TileCoordinate.covering(graph.area.padded(by: AreaGrid.padding)).count)
                #expect(stats.searchSequences == 0)
                #expect(stats.tileSequences > 0)
            case .search:
                #expect(stats.tiles == 0)
                #expect(stats.searchSequences > 0)
            case .both:
                #expect(stats.tileSequences > 0 && stats.searchSequences > 0)
            }
            #expect(stats.tilesStopped == nil)
        }
    }

    @Test("recall 1.0 under today's thinning, and tiles cost far fewer requests than search", arguments: [DiscoveryMode.tiles, .search, .both])
    func recallNormal(mode: DiscoveryMode) async throws {
        // Sequences of realistic length (real ones hold up to 500 images).
        var world = TiledGraph.dense
        world.sequences = 12
        world.imagesPerSequence = 200...400
        try await TiledGraph.with(world: world) { graph in
            let truth = graph.truth
            let (images, stats) = try await graph.discover(mode)
            TileDiscoveryTests.report(mode, thinning: "normal", truth: truth, images: images, stats: stats)
            #expect(images == truth)
            if mode == .tiles {
                // Tiles + one /image_ids per sequence + one batch per 50 images: at most one request per 30 images.
                #expect(Double(stats.requests) <= Double(truth.count) / 30, "\(stats.requests) requests for \(truth.count) images")
            }
        }
    }

    @Test("double-id trap: the tile's rounded id names another real image; only the right one is delivered")
    func doubleIDTrap() async throws {
        try await TiledGraph.with { graph in
            let world = graph.simulator.world
            let byID = Dictionary(uniqueKeysWithValues: world.images.map { ($0.id, $0) })
            let pairs = world.images.compactMap { image -> (SimulatedImage, SimulatedImage)? in
                guard image.isPano, let value = UInt64(image.id), value > 1 << 53,
                    let twin = byID[String(UInt64(Double(value)))], twin.id != image.id else { return nil }
                return (image, twin)
            }
            try #require(pairs.count == 2)
            // The trap is in the tile: the panorama's feature carries the twin's id as a double.
            let (pano, twin) = pairs[0]
            let coordinate = TileCoordinate(containingLon: pano.lon, lat: pano.lat, zoom: 14)
            guard case .tile(let bytes) = try await graph.tiles.fetch(tileset: TileClient.computedTileset, coordinate) else {
                Issue.record("tile refused")
                return
            }
            let layer = try #require(try VectorTile.decode(bytes).layer("image"))
            let feature = try #require(layer.features.first { $0.properties["sequence_id"]?.stringValue == pano.sequence
                && $0.properties["id"]?.doubleValue == Double(UInt64(pano.id)!) })
            #expect(feature.properties["id"]?.exactInteger == nil)
            #expect(String(UInt64(feature.properties["id"]!.doubleValue!)) == twin.id)

            let (images, _) = try await graph.discover(.tiles, source: .bbox(BoundingBox(minLon: 13.3, minLat: 52.4, maxLon: 13.5, maxLat: 52.6)))
            for (pano, twin) in pairs {
                #expect(images.contains(pano.id))
                #expect(!images.contains(twin.id))
            }
        }
    }

    @Test("a redirect to a login page stops tile discovery with a clear message; search cells complete the area")
    func redirectFallback() async throws {
        let records = LogRecords()
        try await TiledGraph.with(faults: FaultPlan(tileBlockAfter: 3), logger: records) { graph in
            let truth = graph.truth
            let (images, stats) = try await graph.discover(.tiles)
            #expect(images == truth)
            let reason = try #require(stats.tilesStopped)
            #expect(reason.contains("HTTP 302"))
            #expect(reason.contains("/maps/vtp/"))
            #expect(!reason.contains("access_token"))
            #expect(stats.tiles == 3)
            #expect(stats.cells > 0)
            #expect(graph.simulator.statistics().tileBlocksServed == 1)
            #expect(records.all.contains { $0.level == .warning && $0.message.contains("stopping tile discovery") })
        }
    }

    @Test("the token goes to the tile host only as access_token, never in a header, a log record or the catalogue")
    func tileTokenOnlyInQuery() async throws {
        let records = LogRecords()
        try await DownloadFixture.with { simulator, out in
            var options = DownloadFixture.options(simulator, out: out)
            options.metadataOnly = true
            options.logger = records.logger
            let summary = try await DownloadRun(options: options).run()
            #expect(summary.discovery.tiles > 0)
            #expect(summary.discovery.tileSequences > 0)
            let statistics = simulator.statistics()
            #expect(statistics.tileRequests == summary.discovery.tiles)
            #expect(statistics.tileAuthorizationHeaders == 0)
            #expect(statistics.rejectedTokens == 0)
            let token = MapillarySimulator.defaultToken
            let forms = [token, token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token,
                         String(token.split(separator: "|").last ?? "")]
            #expect(records.all.contains { $0.message.contains("/maps/vtp/") })
            for record in records.all {
                for form in forms { #expect(!record.allText.contains(form)) }
                #expect(!record.allText.contains("access_token"))
            }
            _ = try DownloadFixture.csv(out)
            for path in DownloadFixture.allFiles(below: out) {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                for form in forms { #expect(!TokenSafetyTests.contains(bytes, Array(form.utf8)), "token found in \(path)") }
            }
        }
    }
}
