/// Computes a ``DiscoveryPlan`` for an area from the coverage tiles (without downloading any image,
/// and without any Graph request): the tiles give exact 360° counts and every sequence key.
public struct Planner: Sendable {
    let discovery: Discovery
    let tiles: TileClient
    let resolution: Resolution

    /// Creates a planner.
    /// - Parameters:
    ///   - client: The Graph client (its concurrency sets the time estimate; no Graph request is sent).
    ///   - tiles: The tile client (its pacing sets the time estimate).
    ///   - ledger: The state the download will use (only its tile cache is read and filled).
    ///   - tileCache: Where tiles are cached, so the download does not fetch them again.
    ///   - mode: The download's discovery mode (search cells are counted unless it is `tiles`).
    ///   - cellSize: The search grid's cell side.
    ///   - resolution: The download's resolution (for the byte estimate).
    public init(client: GraphClient, tiles: TileClient, ledger: any DiscoveryLedger, tileCache: (any TileCache)?,
                mode: DiscoveryMode, cellSize: Double = 0.005, resolution: Resolution) {
        discovery = Discovery(client: client, ledger: ledger, cellSize: cellSize, mode: mode, tiles: tiles, tileCache: tileCache)
        self.tiles = tiles
        self.resolution = resolution
    }

    /// Plans the area of `source`.
    /// - Throws: ``FetchError/invalidInput(_:)`` for a source that is not an area, or when the tile
    ///   server blocks or fails (the message says why; without tiles there is no exact plan);
    ///   ``FetchError/unreachable(address:cause:)``, ``FetchError/io(path:message:)``, ``FetchError/cancelled``.
    public func plan(_ source: DiscoverySource, filter: DiscoveryFilter) async throws(FetchError) -> DiscoveryPlan {
        // The areas to plan (an antimeridian box is two), what counts as inside, and the search grid of each.
        var areas: [(bounds: BoundingBox, grid: AreaGrid)] = []
        let inside: @Sendable (Double, Double) -> Bool
        switch source {
        case .bbox(let box):
            areas = [(box, try AreaGrid(bounds: box, cellSize: discovery.cellSize))]
            inside = { box.contains(lon: $0, lat: $1) }
        case .boxes(let boxes):
            for box in boxes { areas.append((box, try AreaGrid(bounds: box, cellSize: discovery.cellSize))) }
            inside = { lon, lat in boxes.contains { $0.contains(lon: lon, lat: lat) } }
        case .polygon(let polygon):
            let bounds = polygon.boundingBox
            areas = [(bounds, try AreaGrid(bounds: bounds, cellSize: discovery.cellSize,
                                           keep: { polygon.intersects($0.padded(by: AreaGrid.padding)) }))]
            inside = { polygon.contains(lon: $0, lat: $1) }
        default:
            throw .invalidInput("mly360 plan estimates areas: give --bbox or --polygon.")
        }
        let nears = areas.map { $0.bounds.padded(by: AreaGrid.padding) }
        let isNear: @Sendable (Double, Double) -> Bool = { lon, lat in nears.contains { $0.contains(lon: lon, lat: lat) } }
        var coordinates: [TileCoordinate] = []
        var seenCoordinates = Set<String>()
        for near in nears {
            for coordinate in TileCoordinate.covering(near) where seenCoordinates.insert("\(coordinate)").inserted {
                coordinates.append(coordinate)
            }
        }
        var plan = DiscoveryPlan()
        var sequences: [String] = []
        var seenSequences = Set<String>()
        var insideKeys = Set<String>()
        var computedKeys = Set<String>()
        var perSequence: [String: Set<String>] = [:]
        for tileset in Discovery.tilesets {
            let computed = tileset == TileClient.computedTileset
            for coordinate in coordinates {
                plan.tiles += 1
                if let cache = discovery.tileCache,
                    try await discovery.ledgerCall("read the tile cache", { try await cache.cachedTile("\(tileset) \(coordinate)") }) != nil {
                    plan.cachedTiles += 1
                }
                let bytes: [UInt8]
                switch try await discovery.tileBytes(tileset: tileset, coordinate, client: tiles) {
                case .tile(let body): bytes = body
                case .blocked(let reason):
                    throw .invalidInput("The coverage tiles are not available (\(reason)); mly360 plan needs them for exact counts.")
                }
                let tile: VectorTile
                do {
                    tile = try VectorTile.decode(bytes)
                } catch {
                    throw .invalidInput("The tile \(TileClient.path(tileset: tileset, coordinate)) could not be decoded: \(error.description)")
                }
                let coverage = TileCoverage.read(tile, at: coordinate, includeFlat: filter.includeFlat,
                                                 near: isNear, inside: inside)
                for sequence in coverage.sequences where seenSequences.insert(sequence).inserted { sequences.append(sequence) }
                // An image is counted by its computed position when it has one, else by its original one.
                for key in coverage.presentKeys {
                    if computed { computedKeys.insert(key.key) } else if computedKeys.contains(key.key) { continue }
                    perSequence[key.sequence, default: []].insert(key.key)
                }
                for key in coverage.imageKeys where computed || !computedKeys.contains(key) { insideKeys.insert(key) }
            }
        }
        plan.sequences = sequences.count
        plan.images = insideKeys.count
        var batches = 0
        for sequence in sequences {
            let count = perSequence[sequence]?.count ?? 0
            plan.expandedImages += count
            batches += (count + 49) / 50
        }
        plan.cells = discovery.mode.usesSearch ? areas.reduce(0) { $0 + $1.grid.cells.count } : 0
        plan.bytes = Int64(plan.images) * DiscoveryPlan.typicalBytes(resolution)
        let tileRequests = plan.tiles - plan.cachedTiles
        let graphRequests = plan.cells * 5 + sequences.count + batches
        plan.requests = tileRequests + graphRequests
        plan.seconds = Double(tileRequests) * 60 / Double(tiles.perMinute)
            + Double(graphRequests) * DiscoveryPlan.graphLatency / Double(discovery.client.apiConcurrency)
        return plan
    }
}

extension Planner {
    /// Plans what a download with `options` would fetch, with its own HTTP client (shut down before
    /// returning) and `store` (the download's state) as tile cache.
    /// - Parameters:
    ///   - options: The download's options (source, filter, API and tile URLs, pacing, resolution).
    ///   - store: The state database of the output folder.
    /// - Throws: See ``plan(_:filter:)``.
    public static func plan(_ options: DownloadOptions, store: any DiscoveryLedger & TileCache) async throws(FetchError) -> DiscoveryPlan {
        let http = GraphClient.makeHTTPClient()
        let graph = GraphClient(baseURL: options.apiURL, token: options.token, httpClient: http,
                                apiConcurrency: options.apiConcurrency, retry: options.retry, logger: options.logger)
        let tiles = TileClient(graph: graph, baseURL: options.effectiveTilesURL, perMinute: options.tileRate)
        let planner = Planner(client: graph, tiles: tiles, ledger: store, tileCache: store, mode: options.discoveryMode,
                              cellSize: options.cellSize, resolution: options.resolution)
        let result: Result<DiscoveryPlan, FetchError>
        do {
            result = .success(try await planner.plan(options.source, filter: options.filter))
        } catch {
            result = .failure(error)
        }
        try? await http.shutdown()
        return try result.get()
    }
}
