import Foundation
import Logging

extension Discovery {
    /// Bbox and polygon sources: sample every cell (splitting dense or failing ones), then expand every
    /// sequence seen and resolve loose images, keeping those inside `area`.
    func discoverArea(bounds: BoundingBox, area: Area, context: RunContext) async throws(FetchError) {
        let grid: AreaGrid
        switch area {
        case .polygon(let polygon):
            grid = try AreaGrid(bounds: bounds, cellSize: cellSize, keep: { polygon.intersects($0.padded(by: AreaGrid.padding)) })
        default:
            grid = try AreaGrid(bounds: bounds, cellSize: cellSize)
        }
        let completed = try await ledgerCall("read completed cells") { try await ledger.completedCells() }
        let state = context.state
        await state.setPhase(.cells)
        var searchNeeded = mode.usesSearch
        if mode.usesTiles, let tiles {
            let finished = try await discoverTiles(bounds: bounds, area: area, client: tiles, completed: completed, context: context)
            if !finished && !searchNeeded {
                logger.warning("falling back to search cells for the rest of the area")
                searchNeeded = true
            }
        }
        guard searchNeeded else {
            try await expandPendingSequences(only: nil, area: area, context: context)
            try await resolvePendingLooseImages(only: nil, area: area, context: context)
            return
        }
        let tag = cellTag(context.filter)
        var pending: [BoundingBox] = []
        var alreadyDone = 0
        for cell in grid.cells {
            if completed.contains(cellKey(cell, tag: tag)) { alreadyDone += 1 } else { pending.append(cell) }
        }
        await state.addCells(total: grid.cells.count, done: alreadyDone)
        let concurrency = client.apiConcurrency
        var firstFailure: FetchError?
        do {
            // A cell whose request failed past its retry budget must not stop the other cells or the
            // expansion of what they found: it stays unrecorded (the next run samples it again) and its
            // error is reported after everything else is done.
            try await withThrowingTaskGroup(of: FetchError?.self) { group in
                var queue = pending[...]
                for _ in 0..<min(concurrency, queue.count) {
                    if let cell = queue.popFirst() {
                        group.addTask { try await self.sampleIsolated(cell, tag: tag, completed: completed, context: context) }
                    }
                }
                while let failed = try await group.next() {
                    if let failed, firstFailure == nil { firstFailure = failed }
                    if let cell = queue.popFirst() {
                        group.addTask { try await self.sampleIsolated(cell, tag: tag, completed: completed, context: context) }
                    }
                }
            }
        } catch {
            throw GraphClient.fetchError(error)
        }
        do {
            try await expandPendingSequences(only: nil, area: area, context: context)
            try await resolvePendingLooseImages(only: nil, area: area, context: context)
        } catch {
            switch error {
            case .authRejected, .unreachable, .io, .invalidInput, .cancelled: throw error
            default: throw firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
    }

    /// ``sampleCell(_:depth:parent:tag:completed:context:)`` at depth 0, returning a Graph error that survived its
    /// retries instead of throwing it (logged at `.info`); errors that stop the run are still thrown.
    func sampleIsolated(_ cell: BoundingBox, tag: String, completed: Set<String>, context: RunContext) async throws(FetchError) -> FetchError? {
        do {
            try await sampleCell(cell, depth: 0, parent: nil, tag: tag, completed: completed, context: context)
            return nil
        } catch {
            switch error {
            case .authRejected, .unreachable, .io, .invalidInput, .cancelled: throw error
            default:
                logger.info("cell \(cell.parameter) could not be sampled (\(client.scrub(error.description))); it stays pending for the next run",
                            metadata: ["cell": "\(cell.parameter)"])
                return error
            }
        }
    }

    /// Samples one cell and splits it in four, down to `maxDepth`, while splitting reveals what the
    /// parent's sample rationed: a cell splits when its request keeps failing with a split-worthy error,
    /// when its answer reaches `limit`, or when it names a sequence (or loose image) that its parent
    /// did not — a top-level cell that names anything splits once to find out. Thinning returns far
    /// fewer than `limit` from a dense cell (reference §7.1), so the answer's size alone cannot tell
    /// a complete sample from a rationed one; only what the children add can. Records the cell in the
    /// ledger when complete.
    /// - Parameter parent: What the parent cell's sample named (`nil` for a top-level cell).
    /// - Returns: Whether the cell (and all its children) completed.
    @discardableResult
    func sampleCell(_ cell: BoundingBox, depth: Int, parent: Set<String>?, tag: String, completed: Set<String>,
                    context: RunContext) async throws(FetchError) -> Bool {
        let key = cellKey(cell, tag: tag)
        if completed.contains(key) { return true }
        if Task.isCancelled { throw .cancelled }
        let state = context.state
        let request = cell.padded(by: AreaGrid.padding)
        var page: GraphClient.ImagePage?
        var failure: FetchError?
        do {
            page = try await client.bboxPage(
                request, fields: ImageFields.discovery, limit: limit, panoOnly: !context.filter.includeFlat,
                // Server-side dates are widened by a second (the API's precision is unclear); the
                // exact, inclusive window is applied locally.
                since: context.filter.since?.addingTimeInterval(-1), until: context.filter.until?.addingTimeInterval(1),
                splitAfter: 2)
        } catch {
            guard case .http(let status, _, let code, let subcode, _) = error,
                RetryPolicy.default.suggestsSplit(status: status, code: code, subcode: subcode)
            else { throw error }
            failure = error
        }
        var names = Set<String>()
        for image in page?.images ?? [] { names.insert(image.sequence ?? "#" + image.id) }
        let capped = (page?.images.count ?? 0) >= limit
        let reveals = parent.map { !names.isSubset(of: $0) } ?? !names.isEmpty
        let split = (page == nil || capped || reveals) && depth < maxDepth
        if split {
            let why = failure.map { "failed (\(client.scrub($0.description)))" }
                ?? (capped ? "reached the limit (\(page?.images.count ?? 0) images, limit \(limit))"
                    : parent == nil ? "names \(names.count) sequences (probing for rationing)"
                    : "names \(names.subtracting(parent ?? []).count) sequences its parent did not")
            logger.info("cell \(request.parameter) \(why); splitting it in four (depth \(depth + 1) of \(maxDepth))",
                        metadata: ["cell": "\(request.parameter)", "depth": "\(depth + 1)",
                                   "reason": "\(failure == nil ? (capped ? "limit" : "rationing") : "failed")"])
        } else if let failure {
            logger.info("cell \(request.parameter) failed (\(client.scrub(failure.description))); giving up at the smallest size",
                        metadata: ["cell": "\(request.parameter)", "depth": "\(depth)"])
        }
        if page == nil && !split {
            await state.cellFailed()
            await state.cellFinished()
            return false
        }
        await state.cellSampled(split: split)
        var complete = true
        if split {
            for child in cell.quadrants() {
                if try await !sampleCell(child, depth: depth + 1, parent: page == nil ? parent : names, tag: tag,
                                         completed: completed, context: context) {
                    complete = false
                }
            }
        }
        var sequences: [String] = []
        var loose: [String] = []
        var seen = Set<String>()
        if let page {
            await state.skip(DiscoveryStats.Reason.invalidRecord, count: page.invalid.count)
            for image in page.images {
                if let sequence = image.sequence {
                    if GraphClient.isValidSequenceKey(sequence) {
                        if seen.insert(sequence).inserted { sequences.append(sequence) }
                    } else {
                        await state.skip(DiscoveryStats.Reason.invalidRecord)
                    }
                } else if seen.insert("#" + image.id).inserted {
                    loose.append(image.id)
                }
            }
        }
        // A parent whose child failed is not recorded, so the next run retries the failed child
        // (completed siblings are skipped); its sequences are still recorded under a partial key.
        await state.searchNamed(sequences)
        let recordKey = complete ? key : key + " partial"
        try await ledgerCall("record cell \(cell)") { try await ledger.recordCell(recordKey, sequences: sequences, looseImageIDs: loose) }
        await state.cellFinished()
        return complete
    }

    /// The part of a cell key that depends on the filter (server-side parameters change the sample).
    func cellTag(_ filter: DiscoveryFilter) -> String {
        let since = filter.since.map(GraphClient.isoTimestamp) ?? "-"
        let until = filter.until.map(GraphClient.isoTimestamp) ?? "-"
        return "cell \(filter.includeFlat ? "all" : "pano") \(since) \(until) limit \(limit)"
    }

    /// The ledger key of a cell: the filter tag and the cell's box.
    func cellKey(_ cell: BoundingBox, tag: String) -> String {
        "\(tag) \(cell.parameter)"
    }
}
