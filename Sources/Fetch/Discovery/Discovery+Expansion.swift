extension Discovery {
    /// Expands pending sequences (all of them, or only those in `only`) with bounded concurrency: lists
    /// each one's ids, fetches metadata for the new ones, filters and delivers, then marks it expanded.
    func expandPendingSequences(only: Set<String>?, area: Area, context: RunContext) async throws(FetchError) {
        var pending = try await ledgerCall("read pending sequences") { try await ledger.pendingSequences() }
        if let only { pending = pending.filter { only.contains($0) } }
        // Another shard's sequences stay pending here: their owner expands them.
        if let shard = context.filter.shard { pending = pending.filter { shard.owns(sequence: $0) } }
        let state = context.state
        await state.setPhase(.sequences, sequencesTotal: pending.count)
        let concurrency = max(1, client.apiConcurrency / 2)
        var firstFailure: FetchError?
        do {
            // One sequence whose requests failed past their budget must not cancel the others: it stays
            // pending (the next run retries it) and its error is reported once every other sequence is done.
            try await withThrowingTaskGroup(of: FetchError?.self) { group in
                var queue = pending[...]
                for _ in 0..<min(concurrency, queue.count) {
                    if let key = queue.popFirst() { group.addTask { try await self.expandIsolated(key, area: area, context: context) } }
                }
                while let failed = try await group.next() {
                    if let failed, firstFailure == nil { firstFailure = failed }
                    if await state.isFull { break }
                    if let key = queue.popFirst() { group.addTask { try await self.expandIsolated(key, area: area, context: context) } }
                }
                while let failed = try await group.next() {
                    if let failed, firstFailure == nil { firstFailure = failed }
                }
            }
        } catch {
            throw GraphClient.fetchError(error)
        }
        if let firstFailure { throw firstFailure }
    }

    /// ``expandSequence(_:area:context:)``, returning a Graph error that survived its retries instead of
    /// throwing it (logged at `.info`); errors that stop the run are still thrown.
    func expandIsolated(_ key: String, area: Area, context: RunContext) async throws(FetchError) -> FetchError? {
        do {
            try await expandSequence(key, area: area, context: context)
            return nil
        } catch {
            switch error {
            case .authRejected, .unreachable, .io, .invalidInput, .cancelled: throw error
            default:
                logger.info("sequence \(key) could not be expanded (\(client.scrub(error.description))); it stays pending for the next run",
                            metadata: ["sequence": "\(key)"])
                return error
            }
        }
    }

    /// Expands one sequence; marks it expanded only when every image was delivered or skipped.
    func expandSequence(_ key: String, area: Area, context: RunContext) async throws(FetchError) {
        let state = context.state
        if await state.isFull { return }
        let listed: (ids: [String], invalid: [String])
        do {
            listed = try await client.imageIDList(sequence: key)
        } catch {
            if case .invalidInput = error {
                // A malformed key recorded by an earlier run or a hostile answer: skip it for good.
                await state.skip(DiscoveryStats.Reason.invalidRecord)
                try await ledgerCall("record sequence \(key)") { try await ledger.recordSequenceExpanded(key) }
                return
            }
            throw error
        }
        await state.skip(DiscoveryStats.Reason.invalidRecord, count: listed.invalid.count)
        let fresh = await state.claim(listed.ids, known: context.known)
        let delivered = try await fetchFilterDeliver(fresh, area: area, context: context)
        guard delivered else { return }  // maxImages reached part-way: the sequence stays pending
        try await ledgerCall("record sequence \(key) as expanded") { try await ledger.recordSequenceExpanded(key) }
        await state.sequenceExpanded()
    }

    /// Resolves pending loose image ids (all, or only those in `only`) in chunks.
    func resolvePendingLooseImages(only: Set<String>?, area: Area, context: RunContext) async throws(FetchError) {
        var pending = try await ledgerCall("read pending loose images") { try await ledger.pendingLooseImageIDs() }
        if let only { pending = pending.filter { only.contains($0) } }
        if let shard = context.filter.shard { pending = pending.filter { shard.owns(looseImage: $0) } }
        guard !pending.isEmpty else { return }
        let state = context.state
        await state.setPhase(.images)
        let chunkSize = GraphClient.batchSize * client.apiConcurrency
        var start = 0
        while start < pending.count {
            if await state.isFull { return }
            let chunk = Array(pending[start..<min(start + chunkSize, pending.count)])
            let fresh = await state.claim(chunk, known: context.known)
            guard try await fetchFilterDeliver(fresh, area: area, context: context) else { return }
            try await ledgerCall("record resolved images") { try await ledger.recordLooseImagesResolved(chunk) }
            start += chunkSize
        }
    }

    /// Fetches full metadata for `ids`, filters locally, and delivers the kept images.
    /// - Returns: `false` when `maxImages` cut the delivery short (the work is not complete).
    func fetchFilterDeliver(_ ids: [String], area: Area, context: RunContext) async throws(FetchError) -> Bool {
        guard !ids.isEmpty else { return true }
        let state = context.state
        let result = try await client.lookup(ids: ids, fields: ImageFields.full)
        await state.skip(DiscoveryStats.Reason.notFound, count: result.notFound.count)
        await state.skip(DiscoveryStats.Reason.invalidRecord, count: result.invalid.count)
        let kept = await keep(result.found, area: area, context: context)
        let admitted = await state.admit(kept)
        try await context.deliver(admitted)
        return admitted.count == kept.count
    }

    /// The images that pass the panorama, area and date rules, in capture order; counts the others.
    func keep(_ images: [MapillaryImage], area: Area, context: RunContext) async -> [MapillaryImage] {
        var kept: [MapillaryImage] = []
        var skipped: [String: Int] = [:]
        for image in images {
            if let reason = context.filter.rejection(of: image) ?? area.contains(image) {
                skipped[reason, default: 0] += 1
            } else {
                kept.append(image)
            }
        }
        for (reason, count) in skipped { await context.state.skip(reason, count: count) }
        return kept.sorted { ($0.capturedAt ?? 0, $0.id) < ($1.capturedAt ?? 0, $1.id) }
    }

    /// The `sequences` source: records the keys (resumable), then expands them without an area rule.
    func discoverSequences(_ keys: [String], context: RunContext) async throws(FetchError) {
        var unique: [String] = []
        for key in keys where !unique.contains(key) {
            guard GraphClient.isValidSequenceKey(key) else {
                throw .invalidInput("The sequence key \(FetchError.quoted(key)) is not valid (expected 1–64 characters of A–Z, a–z, 0–9, _ and -).")
            }
            unique.append(key)
        }
        guard !unique.isEmpty else { throw .invalidInput("No sequence key was given.") }
        let inputKey = "input sequences " + unique.joined(separator: ",")
        let completed = try await ledgerCall("read completed cells") { try await ledger.completedCells() }
        if !completed.contains(inputKey) {
            try await ledgerCall("record the input sequences") { try await ledger.recordCell(inputKey, sequences: unique, looseImageIDs: []) }
        }
        try await expandPendingSequences(only: Set(unique), area: .anywhere, context: context)
    }

    /// The `images` source: records the ids (resumable), then resolves them in batches with fallback.
    func discoverImages(_ ids: [String], context: RunContext) async throws(FetchError) {
        let unique = try MapillaryImage.validatedUnique(ids)
        guard !unique.isEmpty else { throw .invalidInput("No image id was given.") }
        let inputKey = "input images " + unique.joined(separator: ",")
        let completed = try await ledgerCall("read completed cells") { try await ledger.completedCells() }
        if !completed.contains(inputKey) {
            try await ledgerCall("record the input images") { try await ledger.recordCell(inputKey, sequences: [], looseImageIDs: unique) }
        }
        try await resolvePendingLooseImages(only: Set(unique), area: .anywhere, context: context)
    }
}
