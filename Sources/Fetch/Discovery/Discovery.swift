import Logging

/// Complete discovery of Mapillary images for one source (reference §8): grid sampling with
/// quad-splits, sequence expansion, batch metadata with per-id fallback, local filtering, dedupe, and
/// resume through a ``DiscoveryLedger``.
///
/// Delivery contract: kept images are handed to `onImages` in batches; the caller must store each batch
/// durably before returning, because only then does discovery mark the work behind it done in the
/// ledger (a sequence expanded, loose ids resolved, a creator cursor advanced).
///
/// Every cell split is logged at `.info`; the client logs its own retries and fallbacks.
public struct Discovery: Sendable {
    let client: GraphClient
    let logger: Logger
    let ledger: any DiscoveryLedger
    let cellSize: Double
    let limit: Int
    let maxDepth: Int
    let mode: DiscoveryMode
    let tiles: TileClient?
    let tileCache: (any TileCache)?

    /// Creates a discovery.
    /// - Parameters:
    ///   - client: The Graph client.
    ///   - ledger: Durable progress (the download's state store).
    ///   - cellSize: The grid cell side in degrees (default 0.005).
    ///   - limit: The bbox `limit` per cell (default 1000).
    ///   - maxDepth: How many times a cell may split (default 4: 0.005° → 0.0003125°); a cell splits while
    ///     splitting still reveals sequences its parent did not name (see ``sampleCell(_:depth:parent:tag:completed:context:)``).
    ///   - logger: Where cell splits are logged; `nil` (the default) uses the client's logger.
    ///   - mode: Which enumerations an area runs; tiles need `tiles` (without it only search runs).
    ///   - tiles: The coverage tile client.
    ///   - tileCache: Where fetched tiles are kept and looked up first (`nil`: no cache).
    public init(client: GraphClient, ledger: any DiscoveryLedger, cellSize: Double = 0.005, limit: Int = 1000, maxDepth: Int = 4,
                logger: Logger? = nil, mode: DiscoveryMode = .search, tiles: TileClient? = nil, tileCache: (any TileCache)? = nil) {
        self.tileCache = tileCache
        self.mode = tiles == nil ? .search : mode
        self.tiles = tiles
        self.client = client
        self.logger = logger ?? client.logger
        self.ledger = ledger
        self.cellSize = cellSize
        self.limit = min(max(limit, 2), 2000)
        self.maxDepth = max(maxDepth, 0)
    }

    /// Discovers the source's images and delivers the kept ones.
    /// - Parameters:
    ///   - source: What to discover.
    ///   - filter: Panorama and date rules (applied locally for every source; server-side too for bbox searches).
    ///   - maxImages: Stop delivering after this many kept images in this run (`nil`: no limit).
    ///   - progress: Receives progress snapshots (throttled).
    ///   - onImages: Stores a batch of kept images durably; called one batch at a time, never concurrently.
    /// - Returns: What the run did.
    /// - Throws: ``FetchError/authRejected(message:)`` (stop the run), ``FetchError/unreachable(address:cause:)``
    ///   (the API cannot be reached at all), ``FetchError/invalidInput(_:)``,
    ///   ``FetchError/cancelled``, ``FetchError/io(path:message:)`` when the ledger or `onImages` fails,
    ///   or a Graph error that survived its retries.
    public func run(
        _ source: DiscoverySource, filter: DiscoveryFilter, maxImages: Int?,
        progress: (@Sendable (DiscoveryProgress) -> Void)?,
        onImages: @escaping @Sendable ([MapillaryImage]) async throws -> Void
    ) async throws(FetchError) -> DiscoveryStats {
        let startRequests = await client.statistics().requests
        let known = try await ledgerCall("read known images") { try await ledger.knownImageIDs() }
        let initial: DiscoveryProgress.Phase
        switch source {
        case .bbox, .boxes, .polygon: initial = .cells
        case .sequences: initial = .sequences
        case .images: initial = .images
        case .creator: initial = .creator
        }
        let state = DiscoveryRunState(
            known: known, maxImages: maxImages, progress: DiscoveryProgress(phase: initial), onProgress: progress)
        let context = RunContext(filter: filter, known: known, state: state, deliver: Deliverer(onImages))
        switch source {
        case .bbox(let box):
            try await discoverArea(bounds: box, area: .box(box), context: context)
        case .boxes(let boxes):
            // Each box is sampled on its own grid; sequences are kept by the union, so a sequence found in
            // one box and still pending when the other is sampled loses none of its images.
            for box in boxes {
                try await discoverArea(bounds: box, area: .boxes(boxes), context: context)
            }
        case .polygon(let polygon):
            try await discoverArea(bounds: polygon.boundingBox, area: .polygon(polygon), context: context)
        case .sequences(let keys):
            try await discoverSequences(keys, context: context)
        case .images(let ids):
            try await discoverImages(ids, context: context)
        case .creator(let username):
            try await discoverCreator(username, context: context)
        }
        await state.setRequests(await client.statistics().requests - startRequests)
        await state.setPhase(.done)
        return await state.stats
    }

    /// The area images must fall in (bbox and polygon sources).
    enum Area: Sendable {
        case box(BoundingBox)
        case boxes([BoundingBox])
        case polygon(GeoPolygon)
        case anywhere

        func contains(_ image: MapillaryImage) -> String? {
            switch self {
            case .anywhere: return nil
            case .box(let box):
                guard let point = image.coordinate else { return DiscoveryStats.Reason.noPosition }
                return box.contains(lon: point.longitude, lat: point.latitude) ? nil : DiscoveryStats.Reason.outsideArea
            case .boxes(let boxes):
                guard let point = image.coordinate else { return DiscoveryStats.Reason.noPosition }
                return boxes.contains { $0.contains(lon: point.longitude, lat: point.latitude) }
                    ? nil : DiscoveryStats.Reason.outsideArea
            case .polygon(let polygon):
                guard let point = image.coordinate else { return DiscoveryStats.Reason.noPosition }
                return polygon.contains(lon: point.longitude, lat: point.latitude) ? nil : DiscoveryStats.Reason.outsideArea
            }
        }
    }

    /// Everything the phases of one run share.
    struct RunContext: Sendable {
        let filter: DiscoveryFilter
        let known: Set<String>
        let state: DiscoveryRunState
        let deliver: Deliverer
    }

    /// Serialises calls to `onImages` (the caller's store sees one batch at a time).
    final class Deliverer: Sendable {
        let onImages: @Sendable ([MapillaryImage]) async throws -> Void
        let gate = AsyncSemaphore(permits: 1)

        init(_ onImages: @escaping @Sendable ([MapillaryImage]) async throws -> Void) {
            self.onImages = onImages
        }

        func callAsFunction(_ images: [MapillaryImage]) async throws(FetchError) {
            guard !images.isEmpty else { return }
            await gate.acquire()
            do {
                try await onImages(images)
                await gate.release()
            } catch {
                await gate.release()
                if let error = error as? FetchError { throw error }
                if error is CancellationError { throw .cancelled }
                throw .io(path: "the download state", message: "storing \(images.count) discovered images failed: \(error)")
            }
        }
    }

    /// Runs a ledger operation, mapping its error to ``FetchError/io(path:message:)``.
    func ledgerCall<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws(FetchError) -> T {
        do {
            return try await body()
        } catch {
            if let error = error as? FetchError { throw error }
            if error is CancellationError { throw .cancelled }
            throw .io(path: "the discovery ledger", message: "could not \(what): \(error)")
        }
    }
}
