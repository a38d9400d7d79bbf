import NIOConcurrencyHelpers

/// Whether any request of a ``GraphClient`` (and of its copies) has received an HTTP response.
///
/// Until one has, a connection error means the API cannot be reached at all (a wrong URL, no network),
/// and the client fails fast with ``FetchError/unreachable(address:cause:)``; afterwards the same error
/// is a transient one and gets the normal retries.
final class Reachability: Sendable {
    private let reached = NIOLockedValueBox(false)

    /// Creates a state in which nothing has been reached yet.
    init() {}

    /// Whether a response has arrived.
    var hasReached: Bool { reached.withLockedValue { $0 } }

    /// Records that a response arrived.
    func markReached() {
        reached.withLockedValue { $0 = true }
    }
}
