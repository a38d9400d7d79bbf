/// The ids waiting for download: fed by the resume pass and by discovery as batches arrive, drained by
/// the download workers. ``next()`` waits while the queue is empty and still open, and returns `nil`
/// once it is closed and empty (or the waiting task is cancelled).
actor DownloadQueue {
    private var items: [String] = []
    private var head = 0
    private var queued = Set<String>()
    private var closed = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<String?, Never>)] = []
    private var nextWaiter = 0

    /// Ids pushed so far (duplicates are ignored).
    private(set) var total = 0

    /// Adds ids not queued before; wakes waiting workers.
    /// - Returns: How many ids were new.
    @discardableResult
    func push(_ ids: [String]) -> Int {
        let before = total
        for id in ids where !closed && queued.insert(id).inserted {
            total += 1
            if !waiters.isEmpty {
                waiters.removeFirst().continuation.resume(returning: id)
            } else {
                items.append(id)
            }
        }
        return total - before
    }

    /// No more ids will come: waiting workers get `nil` once the queue is drained.
    func close() {
        closed = true
        guard head >= items.count else { return }
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.continuation.resume(returning: nil) }
    }

    /// Ids queued but not yet taken.
    var remaining: Int { items.count - head }

    /// The next id, waiting for one if needed; `nil` when closed and drained, or when cancelled.
    func next() async -> String? {
        if let id = take() { return id }
        if closed || Task.isCancelled { return nil }
        let ticket = nextWaiter
        nextWaiter += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    waiters.append((ticket, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(ticket) }
        }
    }

    private func take() -> String? {
        guard head < items.count else { return nil }
        let id = items[head]
        head += 1
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return id
    }

    private func cancelWaiter(_ ticket: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == ticket }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }
}
