/// A counting semaphore for async code: at most `permits` holders at a time, waiters served in order.
actor AsyncSemaphore {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates a semaphore with `permits` (at least 1) permits.
    init(permits: Int) {
        available = max(permits, 1)
    }

    /// Takes a permit, waiting for one to be released if none is free.
    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Returns a permit, handing it straight to the oldest waiter if there is one.
    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
