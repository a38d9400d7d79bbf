import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A client for the Mapillary Graph API (v4) with the retry policy of reference §10.3, client-side rate
/// limiting and a concurrency cap.
///
/// Every request carries `Authorization: OAuth TOKEN` and `Accept: application/json`; the token never
/// appears in a URL, a log line or an error. `paging.next` links are followed only on the API's own
/// scheme, host and port, with any `access_token` removed.
///
/// Until one request has received an answer, a connection that is refused, a host name that does not
/// resolve, a failed TLS handshake or a connect timeout ends the request quickly with
/// ``FetchError/unreachable(address:cause:)`` (nothing can work); afterwards such errors are transient
/// and get the normal retries.
///
/// Retries, batch fallbacks and other notable events are logged at `.info`, each request at `.debug`,
/// to the `Logger` given at creation (quiet by default).
public struct GraphClient: Sendable {
    /// The largest response body accepted (64 MiB).
    public static let maximumBodySize = 64 * 1024 * 1024

    let base: URLComponents
    let baseURL: String
    let token: String
    let httpClient: HTTPClient
    let policy: RetryPolicy
    /// Where retries and request details are logged (the token never appears in a record).
    public private(set) var logger: Logger
    let scrub: LogScrubber
    let reachability: Reachability
    let semaphore: AsyncSemaphore
    let searchLimiter: RateLimiter
    let entityLimiter: RateLimiter
    /// The adaptive pace shared by every request of this client (and its ``logging(to:)`` copies).
    let pacer: AdaptiveRateLimiter
    let recorder = GraphStatisticsRecorder()
    /// The number of requests allowed in flight at once.
    public let apiConcurrency: Int
    /// The default ceiling of the adaptive pace, in requests per minute: the entity limit of reference
    /// §10.1 (60 000/min per app; searches are also kept under 10 000/min).
    public static let defaultAPIRate = 60_000

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: The API root, e.g. `https://graph.mapillary.com` (or a simulator's URL).
    ///   - token: The access token, sent only in the `Authorization` header.
    ///   - httpClient: The HTTP client (see ``makeHTTPClient()`` for the recommended configuration);
    ///     the caller shuts it down.
    ///   - apiConcurrency: Requests in flight at most (default 8).
    ///   - retry: The retry policy.
    ///   - apiRate: The ceiling of the adaptive pace in requests per minute (`--api-rate`; default
    ///     ``defaultAPIRate``). 429 answers and `x-app-usage` lower the pace below it (see the README's
    ///     "Pacing and retries").
    ///   - logger: Receives retries and notable events at `.info`, request details at `.debug` (never
    ///     the token); quiet by default.
    public init(
        baseURL: String, token: String, httpClient: HTTPClient, apiConcurrency: Int = 8,
        retry: RetryPolicy = .default, apiRate: Int? = nil,
        logger: Logger = Logger(label: "mly360", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = trimmed
        self.base = URLComponents(string: trimmed) ?? URLComponents()
        self.token = token
        self.httpClient = httpClient
        self.apiConcurrency = max(apiConcurrency, 1)
        self.policy = retry
        self.logger = logger
        self.scrub = LogScrubber(token: token)
        self.reachability = Reachability()
        self.semaphore = AsyncSemaphore(permits: max(apiConcurrency, 1))
        self.searchLimiter = RateLimiter.search()
        self.entityLimiter = RateLimiter.entity()
        self.pacer = AdaptiveRateLimiter(perMinute: apiRate ?? GraphClient.defaultAPIRate, slowest: retry.slowestPace)
    }

    /// An `HTTPClient` configured for the Graph API: connect timeout 10 s, read timeout 60 s, and no
    /// redirects (a redirect could carry the `Authorization` header to another host). A failed connection
    /// attempt fails its requests at once instead of being retried inside the connection pool until the
    /// connect timeout: the client's ``RetryPolicy`` decides about retries. Shut it down with
    /// `try await client.shutdown()`.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The same client (sharing its connection pool, concurrency cap, rate limiters, statistics and
    /// reachability) logging to `logger` instead.
    /// - Parameter logger: The logger to use.
    public func logging(to logger: Logger) -> GraphClient {
        var copy = self
        copy.logger = logger
        return copy
    }

    /// The API's `scheme://host:port` (for ``FetchError/unreachable(address:cause:)``: no path, query
    /// or credentials).
    public var address: String {
        let scheme = base.scheme?.lowercased() ?? "https"
        let host = base.host ?? "?"
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port = base.port ?? GraphClient.defaultPort(scheme) else { return "\(scheme)://\(shownHost)" }
        return "\(scheme)://\(shownHost):\(port)"
    }

    /// The current adaptive pace in requests per minute (at most the `apiRate` ceiling).
    public func currentRate() async -> Double {
        await pacer.rate * 60
    }

    /// A snapshot of the traffic counters.
    public func statistics() async -> GraphStatistics {
        await recorder.snapshot
    }

    /// Sends `GET path?query` with retries and returns the parsed body and its raw bytes.
    /// - Parameters:
    ///   - path: The path, e.g. `/images` or `/123`.
    ///   - query: Query items in order (values are percent-encoded here).
    /// - Returns: The parsed JSON and the body bytes.
    /// - Throws: ``FetchError/authRejected(message:)`` on code 190, ``FetchError/notFound(id:)`` on
    ///   400/100/33 or 404, ``FetchError/http(status:url:code:subcode:message:)`` once retries are
    ///   exhausted or on a bad request, ``FetchError/transport(url:message:)``,
    ///   ``FetchError/invalidResponse(url:reason:)``, or ``FetchError/cancelled``.
    public func get(path: String, query: [(String, String)]) async throws(FetchError) -> (value: JSONValue, raw: [UInt8]) {
        try await send(target: GraphClient.target(path: path, query: query), endpoint: "other", splitAfter: nil)
    }

    /// The request target (`/path?query`) for `path` and `query`, percent-encoded.
    static func target(path: String, query: [(String, String)]) -> String {
        let encodedPath = path.hasPrefix("/") ? path : "/" + path
        guard !query.isEmpty else { return encodedPath }
        let items = query.map { encode($0.0) + "=" + encode($0.1) }
        return encodedPath + "?" + items.joined(separator: "&")
    }

    private static let allowed: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,:".utf8)

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Validates a `paging.next` link: same scheme, host and port as the base URL; returns its
    /// `/path?query` with any `access_token` item removed.
    /// - Throws: ``FetchError/invalidResponse(url:reason:)`` for a link elsewhere or unparseable.
    func pagingTarget(_ next: String, from url: String) throws(FetchError) -> String {
        guard var components = URLComponents(string: next), components.scheme != nil, components.host != nil else {
            throw .invalidResponse(url: url, reason: "paging.next \(FetchError.quoted(next, limit: 80)) is not an absolute URL")
        }
        let basePort = base.port ?? GraphClient.defaultPort(base.scheme)
        let nextPort = components.port ?? GraphClient.defaultPort(components.scheme)
        guard components.scheme?.lowercased() == base.scheme?.lowercased(),
            components.host?.lowercased() == base.host?.lowercased(), nextPort == basePort
        else {
            throw .invalidResponse(url: url, reason: "paging.next points to another server (\(components.scheme ?? "?")://\(components.host ?? "?"))")
        }
        components.queryItems = components.queryItems?.filter { $0.name.lowercased() != "access_token" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let basePath = base.percentEncodedPath
        if !basePath.isEmpty, basePath != "/", target.hasPrefix(basePath) {
            target = String(target.dropFirst(basePath.count))
            if !target.hasPrefix("/") { target = "/" + target }
        }
        if let query = components.percentEncodedQuery, !query.isEmpty { target += "?" + query }
        return target
    }

    private static func defaultPort(_ scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// Maps any error thrown inside a task group back to a ``FetchError``.
    static func fetchError(_ error: any Error) -> FetchError {
        if let error = error as? FetchError { return error }
        if error is CancellationError { return .cancelled }
        return .invalidResponse(url: "", reason: String(describing: error))
    }
}
