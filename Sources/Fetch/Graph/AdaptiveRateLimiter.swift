/// The pace of all Graph API requests of one client, adapted to what the API says (issue 7 §3).
///
/// Requests are spaced `1/rate` apart. The rate starts at the ceiling (``GraphClient`` passes
/// `--api-rate`, default 60 000/min, the entity limit of reference §10.1) and follows AIMD:
/// - **multiplicative decrease**: an HTTP 429 (or error code 4) halves it and pauses every request until
///   the answer's `Retry-After` (1 s when absent); an `x-app-usage` of 85 % or more multiplies it by 0.8.
///   One congestion event counts once: only an answer to a request sent after the last decrease lowers
///   the rate again;
/// - **additive increase**: every other answer adds 1/100 of the ceiling, unless `x-app-usage` is 70 % or
///   more (then the rate holds).
///
/// The rate never drops below one request per `slowest` interval (``RetryPolicy/slowestPace``), nor rises
/// above the ceiling.
actor AdaptiveRateLimiter {
    /// The ceiling, in requests per second.
    let ceiling: Double
    /// The lowest rate, in requests per second.
    let floor: Double
    /// The current rate, in requests per second.
    private(set) var rate: Double
    private var lastSent: ContinuousClock.Instant
    private var pausedUntil: ContinuousClock.Instant
    private var lastDecrease: ContinuousClock.Instant
    /// `x-app-usage` at or above this percentage lowers the rate.
    static let usageDecrease = 85
    /// `x-app-usage` at or above this percentage stops the increase.
    static let usageHold = 70
    /// Creates a limiter.
    /// - Parameters:
    ///   - perMinute: The ceiling in requests per minute (at least 1).
    ///   - slowest: The longest interval between two requests (the floor of the rate).
    init(perMinute: Int, slowest: Duration = .seconds(2)) {
        ceiling = Double(max(perMinute, 1)) / 60
        let slowestSeconds = Double(slowest.components.seconds) + Double(slowest.components.attoseconds) / 1e18
        floor = min(ceiling, 1 / max(slowestSeconds, 0.001))
        rate = ceiling
        let now = ContinuousClock.now
        lastSent = now - .seconds(1)
        pausedUntil = now
        lastDecrease = now - .seconds(1)
    }

    /// Waits for the next send slot (and any pause), then takes it.
    /// - Returns: The instant the request may be sent (for ``rateLimited(sentAt:retryAfter:)``).
    /// - Throws: `CancellationError` when cancelled while waiting.
    func acquire() async throws -> ContinuousClock.Instant {
        while true {
            // Nothing is reserved ahead: every waiter re-reads the current rate and pause when it wakes,
            // so a rate that recovered (or a pause that began) applies at once.
            let now = ContinuousClock.now
            let slot = max(lastSent + .seconds(1 / rate), pausedUntil)
            if slot <= now {
                lastSent = now
                return now
            }
            try await Task.sleep(until: slot, clock: .continuous)
        }
    }

    /// An answer other than a rate limit arrived.
    /// - Parameters:
    ///   - sentAt: When its request was sent.
    ///   - usage: The highest percentage of its `x-app-usage` header, if any.
    func answered(sentAt: ContinuousClock.Instant, usage: Int?) {
        if let usage, usage >= Self.usageDecrease {
            decrease(by: 0.8, sentAt: sentAt)
        } else if usage.map({ $0 < Self.usageHold }) ?? true {
            rate = min(ceiling, rate + ceiling / 100)
        }
    }

    /// An HTTP 429 (or code 4) arrived: halve the rate once per event and pause everything.
    /// - Parameters:
    ///   - sentAt: When its request was sent.
    ///   - pause: How long to pause every request (the clamped `Retry-After`, else one second).
    func rateLimited(sentAt: ContinuousClock.Instant, pause: Duration) {
        decrease(by: 0.5, sentAt: sentAt)
        let now = ContinuousClock.now
        pausedUntil = max(pausedUntil, now + pause)
    }

    private func decrease(by factor: Double, sentAt: ContinuousClock.Instant) {
        guard sentAt > lastDecrease else { return }
        rate = max(floor, rate * factor)
        lastDecrease = ContinuousClock.now
    }

    /// The highest percentage in an `x-app-usage` header (`{"call_count":28,"total_time":25,"total_cputime":25}`),
    /// or `nil` when the header is absent or has no number.
    /// - Parameter header: The header value.
    static func usage(_ header: String?) -> Int? {
        guard let header, let value = try? JSONParser.parse(Array(header.utf8)) else { return nil }
        var highest: Int?
        for name in ["call_count", "total_time", "total_cputime"] {
            if let percent = value[name]?.doubleValue, abs(percent) < 1e6 {
                highest = max(highest ?? 0, Int(percent.rounded()))
            }
        }
        return highest
    }
}
