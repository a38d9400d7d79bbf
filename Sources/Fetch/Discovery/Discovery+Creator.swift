extension Discovery {
    /// The `creator` source: pages through `/images?creator_username=` following `paging.next`, filters
    /// each page locally, delivers it, then persists the cursor (so a resume continues after it).
    func discoverCreator(_ username: String, context: RunContext) async throws(FetchError) {
        guard !username.isEmpty, username.utf8.count <= 128,
            !username.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "/" || $0 == "?" || $0 == "&" || $0 == "#" })
        else {
            throw .invalidInput("The creator username \(FetchError.quoted(username)) is not valid.")
        }
        if try await ledgerCall("read creator progress", { try await ledger.creatorFinished(username) }) { return }
        var next = try await ledgerCall("read the creator cursor") { try await ledger.creatorCursor(username) }
        let state = context.state
        await state.setPhase(.creator)
        var visited = Set<String>()
        while true {
            if await state.isFull { return }
            if Task.isCancelled { throw .cancelled }
            let page = try await client.creatorImagePage(username: username, fields: ImageFields.full, limit: min(limit, 500), next: next)
            await state.skip(DiscoveryStats.Reason.invalidRecord, count: page.invalid.count)
            var fresh: [MapillaryImage] = []
            let ids = await state.claim(page.images.map(\.id), known: context.known)
            let wanted = Set(ids)
            var taken = Set<String>()
            for image in page.images where wanted.contains(image.id) && taken.insert(image.id).inserted {
                fresh.append(image)
            }
            let kept = await keep(fresh, area: .anywhere, context: context)
            let admitted = await state.admit(kept)
            try await context.deliver(admitted)
            if admitted.count < kept.count { return }  // maxImages reached: keep the old cursor
            var following = page.next
            if let link = following, !visited.insert(link).inserted { following = nil }  // a loop ends the listing
            try await ledgerCall("record the creator cursor") { try await ledger.recordCreatorCursor(username, next: following) }
            guard let following else { return }
            next = following
        }
    }
}
