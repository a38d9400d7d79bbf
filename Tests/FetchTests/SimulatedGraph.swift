import AsyncHTTPClient
import Fetch
import MapillarySimulator
import Testing

/// A started simulator plus a ``GraphClient`` pointed at it (fast retry policy), for Fetch tests.
struct SimulatedGraph {
    let simulator: MapillarySimulator
    let http: HTTPClient
    let client: GraphClient

    /// Runs `body` against a fresh simulator on port 0 and always shuts everything down.
    static func with<T>(
        world: WorldSpec = WorldSpec(), faults: FaultPlan = FaultPlan(), seed: UInt64 = 7,
        token: String = MapillarySimulator.defaultToken, apiConcurrency: Int = 8, thinning: Double = 1,
        _ body: (SimulatedGraph) async throws -> T
    ) async throws -> T {
        var configuration = SimulatorConfiguration(seed: seed, world: world, faults: faults)
        configuration.thinning = thinning
        let simulator = MapillarySimulator(configuration)
        try await simulator.start()
        let http = GraphClient.makeHTTPClient()
        let client = GraphClient(
            baseURL: simulator.graphURL, token: token, httpClient: http, apiConcurrency: apiConcurrency,
            retry: .fast())
        let graph = SimulatedGraph(simulator: simulator, http: http, client: client)
        do {
            let result = try await body(graph)
            try await http.shutdown()
            try await simulator.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            try? await simulator.shutdown()
            throw error
        }
    }

    /// Runs a discovery with an in-memory ledger; returns the delivered images by id and the stats.
    func discover(
        _ source: DiscoverySource, filter: DiscoveryFilter = DiscoveryFilter(), ledger: MemoryLedger = MemoryLedger(),
        maxImages: Int? = nil, limit: Int = 1000, cellSize: Double = 0.005
    ) async throws -> (images: [String: MapillaryImage], stats: DiscoveryStats) {
        let discovery = Discovery(client: client, ledger: ledger, cellSize: cellSize, limit: limit)
        let stats = try await discovery.run(source, filter: filter, maxImages: maxImages, progress: nil) { images in
            await ledger.store(images)
        }
        #expect(await ledger.duplicateDeliveries == 0)
        return (await ledger.stored, stats)
    }

    /// The world's area as a ``BoundingBox``.
    var area: BoundingBox {
        let box = simulator.configuration.world.area
        return BoundingBox(minLon: box.minLon, minLat: box.minLat, maxLon: box.maxLon, maxLat: box.maxLat)
    }
}

extension BoundingBox {
    /// The same box as a simulator ``SimBox``.
    var simBox: SimBox { SimBox(minLon: minLon, minLat: minLat, maxLon: maxLon, maxLat: maxLat) }
}
