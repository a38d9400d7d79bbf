/// A client-side token bucket keeping requests under a per-minute limit (reference §10.1: search
/// 10 000/min, entity 60 000/min).
actor RateLimiter {
    private let perSecond: Double
    private let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    /// Creates a bucket.
    /// - Parameters:
    ///   - perMinute: Sustained requests per minute (at least 1).
    ///   - burst: Requests allowed back to back before pacing starts; defaults to one second's worth.
    init(perMinute: Int, burst: Int? = nil) {
        perSecond = Double(max(perMinute, 1)) / 60
        capacity = Double(max(burst ?? max(perMinute / 60, 1), 1))
        tokens = capacity
        last = .now
    }

    /// The search limit (bbox and creator searches).
    static func search() -> RateLimiter { RateLimiter(perMinute: 10_000) }

    /// The entity limit (entity lookups, batches, `/image_ids`).
    static func entity() -> RateLimiter { RateLimiter(perMinute: 60_000) }

    /// Waits until a request may be sent, then takes one token.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func acquire() async throws {
        while true {
            let now = ContinuousClock.now
            let elapsed = last.duration(to: now)
            last = now
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(capacity, tokens + seconds * perSecond)
            if tokens >= 1 {
                tokens -= 1
                return
            }
            let wait = (1 - tokens) / perSecond
            try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
        }
    }
}
