import Logging

extension Discovery {
    /// Both tilesets, computed positions first (the original positions cover images not yet processed).
    static let tilesets = [TileClient.computedTileset, TileClient.publicTileset]

    /// Reads the z14 coverage tiles over `bounds` from both tilesets and records each tile in the
    /// ledger with the sequences it names (pano sequences only, unless flat images are wanted), so a
    /// resumed run skips the tiles already read.
    /// - Returns: `false` when tile discovery stopped early (a redirect, an HTML page, a refused token,
    ///   an undecodable tile, or a failure that survived its retries); the reason is logged and kept in
    ///   ``DiscoveryStats/tilesStopped``.
    func discoverTiles(bounds: BoundingBox, area: Area, client tiles: TileClient, completed: Set<String>,
                       context: RunContext) async throws(FetchError) -> Bool {
        let state = context.state
        let near = bounds.padded(by: AreaGrid.padding)
        let coordinates = TileCoordinate.covering(near)
        let mode = context.filter.includeFlat ? "all" : "pano"
        for coordinate in coordinates {
            for tileset in Self.tilesets {
                let key = "tile \(tileset) \(coordinate) \(mode)"
                if completed.contains(key) { continue }
                if Task.isCancelled { throw .cancelled }
                let path = TileClient.path(tileset: tileset, coordinate)
                let bytes: [UInt8]
                switch try await tileBytes(tileset: tileset, coordinate, client: tiles) {
                case .tile(let body): bytes = body
                case .blocked(let reason): return await stopTiles(reason, state: state)
                }
                let tile: VectorTile
                do {
                    tile = try VectorTile.decode(bytes)
                } catch {
                    return await stopTiles("tile \(path) could not be decoded: \(error.description)", state: state)
                }
                let coverage = TileCoverage.read(
                    tile, at: coordinate, includeFlat: context.filter.includeFlat,
                    near: { near.contains(lon: $0, lat: $1) }, inside: { _, _ in false })
                await state.skip(DiscoveryStats.Reason.invalidRecord, count: coverage.invalid)
                try await ledgerCall("record tile \(path)") { try await ledger.recordCell(key, sequences: coverage.sequences, looseImageIDs: []) }
                await state.tileRead(sequences: coverage.sequences)
                logger.debug("tile \(path) names \(coverage.sequences.count) sequences")
            }
        }
        return true
    }

    /// The tile from the cache, else from the server (then cached). A failure that survived its
    /// retries is reported as ``TileFetchResult/blocked(reason:)`` so the caller falls back.
    func tileBytes(tileset: String, _ coordinate: TileCoordinate, client tiles: TileClient) async throws(FetchError) -> TileFetchResult {
        let path = TileClient.path(tileset: tileset, coordinate)
        let cacheKey = "\(tileset) \(coordinate)"
        if let tileCache, let cached = try await ledgerCall("read tile \(path)", { try await tileCache.cachedTile(cacheKey) }) {
            return .tile(cached)
        }
        let result: TileFetchResult
        do {
            result = try await tiles.fetch(tileset: tileset, coordinate)
        } catch {
            switch error {
            case .cancelled, .unreachable, .authRejected: throw error
            default: return .blocked(reason: "tile \(path) failed: \(client.scrub(error.description))")
            }
        }
        if case .tile(let body) = result, let tileCache {
            try await ledgerCall("store tile \(path)") { try await tileCache.storeTile(cacheKey, body: body) }
        }
        return result
    }

    private func stopTiles(_ reason: String, state: DiscoveryRunState) async -> Bool {
        logger.warning("stopping tile discovery: \(reason)", metadata: ["reason": "\(reason)"])
        await state.tilesStopped(reason)
        return false
    }
}
