/// Counters of a ``GraphClient``'s traffic: requests sent, retries, and failures by class.
public struct GraphStatistics: Sendable, Equatable {
    /// HTTP requests sent (every attempt counts).
    public var requests = 0
    /// Requests that were retries of an earlier failed attempt.
    public var retries = 0
    /// Requests by endpoint kind: `bbox`, `creator`, `image_ids`, `batch`, `entity`, `other`.
    public var requestsByEndpoint: [String: Int] = [:]
    /// Failed attempts by class (``RetryClass`` raw value, plus `invalidBody` for unusable 2xx bodies and
    /// `unreachable` for connections that failed before any request was answered).
    public var failuresByClass: [String: Int] = [:]

    /// Empty counters.
    public init() {}
}

/// The shared, mutable counters behind ``GraphClient/statistics()``.
actor GraphStatisticsRecorder {
    private(set) var snapshot = GraphStatistics()
    /// Requests answered with a usable 2xx body so far (the client's progress).
    private(set) var successes = 0

    func recordSuccess() {
        successes += 1
    }

    func recordRequest(endpoint: String, isRetry: Bool) {
        snapshot.requests += 1
        if isRetry { snapshot.retries += 1 }
        snapshot.requestsByEndpoint[endpoint, default: 0] += 1
    }

    func recordFailure(_ kind: String) {
        snapshot.failuresByClass[kind, default: 0] += 1
    }
}
