import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Fetches Mapillary coverage tiles (`/maps/vtp/<tileset>/2/z/x/y`) paced under a per-minute budget
/// with jitter (reference §9.2: about 60 tiles/min avoids the per-IP block).
///
/// The tile server takes the token only as the `access_token` query parameter, so that is the one
/// place the token leaves in a URL: the URL is built per request, never logged, and every logged or
/// thrown location is the token-free path. Requests share the Graph client's connection pool (which
/// follows no redirect) and statistics (endpoint `tile`).
public struct TileClient: Sendable {
    /// The default tile host, used when `--api-url` is the default Graph host.
    public static let defaultURL = "https://tiles.mapillary.com"
    /// Tiles per minute by default.
    public static let defaultPerMinute = 60
    /// The computed-positions tileset (preferred).
    public static let computedTileset = "mly1_computed_public"
    /// The original-positions tileset (covers images without computed positions).
    public static let publicTileset = "mly1_public"
    /// Retries of a 5xx, 429 or network failure.
    static let retries = 3

    let graph: GraphClient
    let base: String
    let limiter: RateLimiter
    /// Tiles per minute this client keeps under.
    public let perMinute: Int

    /// Creates a tile client.
    /// - Parameters:
    ///   - graph: The Graph client whose token, HTTP client, logger and statistics are shared.
    ///   - baseURL: The tile root (``defaultURL`` or a simulator's URL).
    ///   - perMinute: Tiles per minute at most (jittered; at least 1).
    public init(graph: GraphClient, baseURL: String, perMinute: Int = TileClient.defaultPerMinute) {
        self.graph = graph
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        base = trimmed
        self.perMinute = max(perMinute, 1)
        limiter = RateLimiter(perMinute: max(perMinute, 1), burst: 1)
    }

    /// The tile host for an API URL: ``defaultURL`` for the real Graph host, else the API URL itself
    /// (a simulator or proxy serves both).
    public static func defaultTilesURL(forAPI apiURL: String) -> String {
        var trimmed = apiURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed == "https://graph.mapillary.com" ? defaultURL : trimmed
    }

    /// `scheme://host:port` of a root URL (no path, query or credentials).
    static func address(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the tile server" }
        let scheme = components.scheme?.lowercased() ?? "https"
        let port = components.port ?? (scheme == "http" ? 80 : scheme == "https" ? 443 : nil)
        return port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// The token-free path of a tile, as logged and stored.
    public static func path(tileset: String, _ tile: TileCoordinate) -> String {
        "/maps/vtp/\(tileset)/2/\(tile.z)/\(tile.x)/\(tile.y)"
    }

    /// Fetches one tile, retrying transient failures.
    /// - Returns: The bytes, or ``TileFetchResult/blocked(reason:)`` on the first redirect, HTML answer
    ///   or token refusal (the caller stops tile discovery).
    /// - Throws: ``FetchError/http(status:url:code:subcode:message:)`` or ``FetchError/transport(url:message:)``
    ///   once retries are exhausted, or ``FetchError/cancelled``.
    public func fetch(tileset: String, _ tile: TileCoordinate) async throws(FetchError) -> TileFetchResult {
        let path = Self.path(tileset: tileset, tile)
        let shown = base + path
        var attempt = 0
        while true {
            do {
                try await limiter.acquire()
                // Jitter: up to a quarter of the interval, so requests never tick like a clock.
                let interval = 60_000 / Double(perMinute)
                let jitter = Double.random(in: 0..<(interval / 4))
                if jitter >= 1 { try await Task.sleep(for: .milliseconds(Int64(jitter))) }
            } catch {
                throw .cancelled
            }
            await graph.recorder.recordRequest(endpoint: "tile", isRetry: attempt > 0)
            var request = HTTPClientRequest(url: base + path + "?access_token=" + GraphClient.encode(graph.token))
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/x-protobuf, application/vnd.mapbox-vector-tile")
            graph.logger.debug("GET \(shown)", metadata: ["endpoint": "tile"])
            var failure: FetchError
            do {
                let response = try await graph.httpClient.execute(request, timeout: .seconds(90))
                graph.reachability.markReached()
                let status = Int(response.status.code)
                let contentType = response.headers.first(name: "Content-Type") ?? ""
                var buffer = try await response.body.collect(upTo: GraphClient.maximumBodySize)
                let body = buffer.readBytes(length: buffer.readableBytes) ?? []
                graph.logger.debug("GET \(shown) answered HTTP \(status) with \(body.count) bytes")
                if (300...399).contains(status) {
                    let location = response.headers.first(name: "Location").map { " to \(graph.scrub(LogScrubber.droppingAccessTokens($0)))" } ?? ""
                    return .blocked(reason: "GET \(shown) answered HTTP \(status) (a redirect\(location)): the tile server is blocking this IP or token")
                }
                if status == 401 || status == 403 {
                    return .blocked(reason: "GET \(shown) answered HTTP \(status): the tile server refused the token")
                }
                if status == 204 || status == 404 { return .tile([]) }
                if (200...299).contains(status) {
                    if contentType.lowercased().contains("html") || body.first(where: { $0 > 0x20 }) == UInt8(ascii: "<") {
                        return .blocked(reason: "GET \(shown) answered HTTP \(status) with an HTML page instead of a tile (a login page: the tile server is blocking this IP)")
                    }
                    return .tile(body)
                }
                failure = .http(status: status, url: shown, code: nil, subcode: nil, message: GraphClient.snippet(body))
                guard status == 429 || status >= 500 else { throw failure }
            } catch let error as FetchError {
                throw error
            } catch {
                if error is CancellationError || Task.isCancelled { throw .cancelled }
                if let cause = ConnectionFailure.cause(of: error), !graph.reachability.hasReached {
                    throw .unreachable(address: Self.address(of: base), cause: cause)
                }
                failure = .transport(url: shown, message: graph.scrub(GraphClient.describe(error)))
            }
            await graph.recorder.recordFailure("tile")
            guard attempt < Self.retries else { throw failure }
            let wait = graph.policy.delay(attempt: attempt, retryAfter: nil)
            graph.logger.info("retrying GET \(shown) after \(graph.scrub(failure.description)) (retry \(attempt + 1) of \(Self.retries)) in \(wait)")
            do { try await Task.sleep(for: wait) } catch { throw .cancelled }
            attempt += 1
        }
    }
}
