import Foundation

/// The class of a failed Graph request (reference §10.3), which decides the action and budget.
public enum RetryClass: String, Sendable, CaseIterable {
    /// Error code 190: the token is invalid or expired. Stop the whole run.
    case auth
    /// HTTP 429 or error code 4 (also Meta's 17 and 613): retry slowly.
    case rateLimited
    /// Error code -2 or subcode 3404014 (query timeout, sent as HTTP 400): retry; a bbox cell splits.
    case timeout
    /// `is_transient`, codes 1/2, HTTP 5xx, network errors, truncated or unparseable 5xx bodies: retry.
    case transient
    /// HTTP 400 with code 100 / subcode 33, or HTTP 404: the id does not exist.
    case notFound
    /// Other code 100 or another 4xx with an envelope: a programming or input error. Stop.
    case badRequest
    /// Anything else: retry a few times, then surface as an error (never as "not found").
    case unknown
}

/// What to do about a failed request.
public enum RetryDecision: Sendable, Equatable {
    /// Stop the whole run: the token was rejected.
    case stopRun
    /// Retry (within the class's budget, see ``RetryPolicy/budget(for:)``).
    case retry(RetryClass)
    /// The object does not exist: record it as not found, do not retry.
    case notFound
    /// Fail this request now (a bad request).
    case fail

    /// The class behind the decision.
    public var retryClass: RetryClass {
        switch self {
        case .stopRun: return .auth
        case .retry(let kind): return kind
        case .notFound: return .notFound
        case .fail: return .badRequest
        }
    }
}

/// The Graph API retry policy of reference §10.3: a pure classifier plus backoff delays and budgets.
public struct RetryPolicy: Sendable {
    /// The first backoff step (1 s in production).
    public var base: Duration
    /// The largest backoff (60 s in production).
    public var cap: Duration
    /// The first step for rate-limited retries when no `Retry-After` is given (30 s in production).
    public var rateLimitBase: Duration
    /// The longest `Retry-After` honoured; longer values are clamped (a hostile server cannot stall a run).
    public var retryAfterCap: Duration
    /// The time budget of one request for retryable failures (429, 5xx, timeouts, resets): once its class's
    /// retry count (``budget(for:)``) is spent, a request keeps retrying, with capped backoff, as long as
    /// other requests of the same client have succeeded since it started (the run is making progress) and
    /// this much time has not passed since its first attempt. When nothing succeeds (the API is down), the
    /// count alone decides, except for rate limits: a 429 is an answer (the API is up and asks to wait), so
    /// a rate-limited request always retries within this budget. 15 minutes in production.
    public var itemBudget: Duration = .seconds(900)
    /// The longest interval the adaptive pace puts between two requests, however many 429s arrive (its
    /// floor): 2 s in production (30 requests/min).
    public var slowestPace: Duration = .seconds(2)

    /// The production policy: base 1 s, factor 2, cap 60 s, rate-limit base 30 s, `Retry-After` up to 5 min,
    /// a 15-minute time budget per request while the run makes progress.
    public static let `default` = RetryPolicy(
        base: .seconds(1), cap: .seconds(60), rateLimitBase: .seconds(30), retryAfterCap: .seconds(300))

    /// Creates a policy.
    /// - Parameters:
    ///   - base: The first backoff step; tests use a millisecond.
    ///   - cap: The largest backoff.
    ///   - rateLimitBase: The first step for rate-limited retries without `Retry-After`.
    ///   - retryAfterCap: The longest `Retry-After` honoured.
    public init(base: Duration, cap: Duration, rateLimitBase: Duration, retryAfterCap: Duration) {
        self.base = base
        self.cap = cap
        self.rateLimitBase = rateLimitBase
        self.retryAfterCap = retryAfterCap
    }

    /// A fast policy for tests: every delay is scaled down to `base` (e.g. one millisecond), including
    /// the rate-limit base, the `Retry-After` cap, the time budget per request (`base` × 30 000) and the
    /// slowest pace (`base` × 20).
    /// - Parameter base: The first backoff step.
    public static func fast(base: Duration = .milliseconds(1)) -> RetryPolicy {
        var policy = RetryPolicy(base: base, cap: base * 60, rateLimitBase: base * 30, retryAfterCap: base * 30)
        policy.itemBudget = base * 30_000
        policy.slowestPace = base * 20
        return policy
    }

    /// Whether a request that has failed `attempt + 1` times with a retryable class may be retried.
    /// - Parameters:
    ///   - kind: The class of the last failure.
    ///   - attempt: Retries made so far.
    ///   - elapsed: Time since the request's first attempt.
    ///   - progressed: Whether another request of the client has succeeded since this one started.
    public func mayRetry(_ kind: RetryClass, attempt: Int, elapsed: Duration, progressed: Bool) -> Bool {
        let count = budget(for: kind)
        guard count > 0 else { return false }
        if attempt < count { return true }
        return (progressed || kind == .rateLimited) && elapsed < itemBudget
    }

    /// How many retries (after the first attempt) a class gets.
    /// - Parameter kind: The class.
    public func budget(for kind: RetryClass) -> Int {
        switch kind {
        case .rateLimited, .transient: return 6
        case .timeout: return 4
        case .unknown: return 3
        case .auth, .notFound, .badRequest: return 0
        }
    }

    /// Classifies a failed request, in the order of reference §10.3.
    /// - Parameters:
    ///   - status: The HTTP status, or `nil` when no response arrived.
    ///   - envelope: The parsed error envelope, or `nil` when the body had none (or was unparseable).
    ///   - transportError: Whether the request failed on the network (no status, reset, timeout…).
    /// - Returns: The decision.
    public func classify(status: Int?, envelope: GraphErrorEnvelope?, transportError: Bool) -> RetryDecision {
        let code = envelope?.code
        let subcode = envelope?.subcode
        if code == 190 { return .stopRun }
        if status == 429 || code == 4 || code == 17 || code == 613 { return .retry(.rateLimited) }
        if code == -2 || subcode == 3404014 { return .retry(.timeout) }
        if transportError || status == nil { return .retry(.transient) }
        if envelope?.isTransient == true || code == 1 || code == 2 { return .retry(.transient) }
        if let status, (500...599).contains(status) { return .retry(.transient) }
        if (status == 400 && code == 100 && subcode == 33) || status == 404 { return .notFound }
        if code == 100 { return .fail }
        if let status, (400...499).contains(status), envelope != nil { return .fail }
        return .retry(.unknown)
    }

    /// Whether a bbox request that failed this way should be split in four after two failures instead
    /// of exhausting its retries: query timeouts (code -2 / subcode 3404014) and "reduce the amount of
    /// data" errors (code 1, or HTTP 500 on a bbox search).
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - code: The envelope's code.
    ///   - subcode: The envelope's subcode.
    public func suggestsSplit(status: Int?, code: Int?, subcode: Int?) -> Bool {
        code == -2 || subcode == 3404014 || code == 1 || status == 500
    }

    /// The wait before retry number `attempt` (0 for the first retry): full-jitter exponential
    /// backoff, uniformly random in `0…min(cap, base·2^attempt)`; a `Retry-After` value is honoured
    /// instead (clamped to ``retryAfterCap``).
    /// - Parameters:
    ///   - attempt: The zero-based retry number.
    ///   - retryAfter: The server's `Retry-After`, if any.
    ///   - kind: The failure class; rate-limited retries start from ``rateLimitBase``.
    public func delay(attempt: Int, retryAfter: Duration?, kind: RetryClass = .transient) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), retryAfterCap)
        }
        let start = kind == .rateLimited ? rateLimitBase : base
        let ceiling = min(cap, start * Double(pow(2.0, Double(min(max(attempt, 0), 30)))))
        let fraction = Double.random(in: 0...1)
        return ceiling * fraction
    }

    /// Parses a `Retry-After` header: delay seconds (`"120"`) or an HTTP-date
    /// (`"Wed, 21 Oct 2015 07:28:00 GMT"`, measured from `now`; a past date means zero).
    /// - Parameters:
    ///   - value: The header value.
    ///   - now: The current time.
    /// - Returns: The wait, or `nil` when the value is neither form.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return seconds >= 0 ? .seconds(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let interval = date.timeIntervalSince(now)
                return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
            }
        }
        return nil
    }
}
