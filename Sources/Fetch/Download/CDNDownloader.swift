import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Downloads signed thumbnail URLs from the Mapillary CDN into `OUT/<id>.jpg`, streaming, verified and atomic.
///
/// The downloader owns its **own** `HTTPClient`, separate from the Graph API's, and sends no
/// `Authorization` header: the access token cannot reach the CDN. A URL that contains the token, that is
/// not `http(s)`, or that answers with a redirect is refused.
///
/// Each download streams the body in chunks to `OUT/<id>.jpg.part` (memory stays bounded by the chunk
/// size, whatever the file size), hashes it with SHA-256 on the way, then checks the status, the
/// `Content-Type` (`image/jpeg` or absent), `Content-Length` against the bytes received, the JPEG start
/// (`FF D8`) and end (EOI), and only then fsyncs and renames it to `OUT/<id>.jpg`. Server errors,
/// connection resets and short bodies are retried with exponential backoff, restarting the file; 4xx
/// answers that mean "expired or forbidden" are returned as ``DownloadOutcome/urlRejected(status:message:)``
/// so the caller can refresh the URL. The `.part` file is removed on every failure and on cancellation.
///
/// Every transient failure that is retried is logged at `.info` (id, cause, attempt, wait), each answer
/// at `.debug`; URLs are logged by host and path only (never their signature query).
///
/// Call ``shutdown()`` once done (the underlying client must be shut down before release).
public final class CDNDownloader: Sendable {
    /// Tuning of a ``CDNDownloader``.
    public struct Configuration: Sendable {
        /// Connections kept per CDN host (match the download concurrency).
        public var concurrency: Int
        /// Attempts per URL for retryable failures (5xx, 429, network errors, short bodies).
        public var attempts: Int
        /// Backoff before the second attempt; doubles each time, with full jitter.
        public var backoffBase: Duration
        /// Upper bound of one backoff.
        public var backoffCap: Duration
        /// Connect timeout.
        public var connectTimeout: Duration
        /// Longest silence while waiting for response bytes before the attempt counts as a network error.
        public var readTimeout: Duration
        /// Largest file accepted; a bigger `Content-Length` or body fails (protects the disk from a hostile server).
        public var maximumBytes: Int64

        /// Creates a configuration.
        /// - Parameters:
        ///   - concurrency: Connections per host, default 16.
        ///   - attempts: Attempts per URL, default 3.
        ///   - backoffBase: First backoff, default 0.5 s.
        ///   - backoffCap: Longest backoff, default 10 s.
        ///   - connectTimeout: Default 10 s.
        ///   - readTimeout: Default 60 s.
        ///   - maximumBytes: Default 1 GiB.
        public init(concurrency: Int = 16, attempts: Int = 3, backoffBase: Duration = .milliseconds(500),
                    backoffCap: Duration = .seconds(10), connectTimeout: Duration = .seconds(10),
                    readTimeout: Duration = .seconds(60), maximumBytes: Int64 = 1 << 30) {
            self.concurrency = max(1, concurrency)
            self.attempts = max(1, attempts)
            self.backoffBase = backoffBase
            self.backoffCap = backoffCap
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maximumBytes = maximumBytes
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    let client: HTTPClient
    /// Where retries and answers are logged unless a download names its own logger.
    public let logger: Logger
    private let forbidden: [String]

    /// Creates a downloader with its own HTTP client.
    /// - Parameters:
    ///   - configuration: Tuning.
    ///   - token: The Mapillary access token, used only to refuse any URL that contains it.
    ///   - logger: Where retries (`.info`) and answers (`.debug`) are logged; quiet by default.
    public init(configuration: Configuration = Configuration(), forbidding token: String?,
                logger: Logger = Logger(label: "mly360", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        self.logger = logger
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(configuration.connectTimeout), read: .init(configuration.readTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60),
                                  concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.concurrency),
            decompression: .disabled)
        http.httpVersion = .automatic
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        var forbidden: [String] = []
        if let token, !token.isEmpty {
            forbidden.append(token)
            if let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != token {
                forbidden.append(encoded)
            }
        }
        self.forbidden = forbidden
    }

    /// Shuts the HTTP client down; call once, after the last download finished.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The final path of image `id` inside `directory`, or `nil` when `id` is not 1–20 ASCII digits (a
    /// hostile id such as `../x` never names a path).
    /// - Parameters:
    ///   - id: The image id.
    ///   - directory: The output folder.
    public static func filePath(id: String, in directory: String) -> String? {
        guard MapillaryImage.isValidID(id) else { return nil }
        return directory + "/" + id + ".jpg"
    }

    /// The most attempts of one URL that do not count against ``Configuration/attempts`` because each
    /// left a longer `.part` than it found (resumable progress).
    static let maximumProgressingAttempts = 20

    /// Downloads `url` to `directory/<id>.jpg`, retrying transient failures.
    /// - Parameters:
    ///   - id: The image id; anything but 1–20 ASCII digits fails without touching the disk.
    ///   - url: The signed CDN URL.
    ///   - directory: The output folder (must exist).
    ///   - logger: Where this download's retries are logged; `nil` (the default) uses ``logger``.
    ///   - onBytes: Called with each chunk's size as it arrives (for progress); may be called from any task.
    /// - Returns: The outcome; never throws.
    public func download(id: String, from url: String, into directory: String, logger: Logger? = nil,
                         onBytes: @Sendable (Int) -> Void = { _ in }) async -> DownloadOutcome {
        guard let finalPath = CDNDownloader.filePath(id: id, in: directory) else {
            return .failed(reason: .invalidID(id))
        }
        if let refusal = refusal(of: url) { return .failed(reason: refusal) }
        let logger = logger ?? self.logger
        var lastFailure: DownloadFailure?
        // An attempt cut short after its `.part` grew (a reset resumed with Range) made progress: it does not
        // spend one of the attempts, up to ``maximumProgressingAttempts`` in all, so a flaky connection that
        // keeps delivering never exhausts a fixed count.
        var attempt = 0
        var progressing = 0
        while attempt < configuration.attempts {
            defer { attempt += 1 }
            if attempt > 0 || progressing > 0 {
                let wait = backoff(attempt: attempt)
                if let lastFailure {
                    logger.info(
                        "retrying CDN download of image \(id) after \(lastFailure.description) (attempt \(attempt + 1) of \(configuration.attempts)) in \(wait)",
                        metadata: ["id": "\(id)", "failure": "\(lastFailure.category)", "attempt": "\(attempt + 1)",
                                   "attempts": "\(configuration.attempts)", "wait": "\(wait)", "url": "\(CDNDownloader.shown(url))"])
                }
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return .cancelled
                }
            }
            if Task.isCancelled { return .cancelled }
            let partBefore = DownloadRun.fileSize(finalPath + ".part") ?? 0
            switch await attemptDownload(url: url, to: finalPath, logger: logger, onBytes: onBytes) {
            case .done(let outcome):
                return outcome
            case .retry(let failure):
                lastFailure = failure
                if (DownloadRun.fileSize(finalPath + ".part") ?? 0) > partBefore,
                   progressing < CDNDownloader.maximumProgressingAttempts {
                    progressing += 1
                    attempt -= 1
                }
            }
        }
        guard let lastFailure else { return .cancelled }
        return .failed(reason: .exhausted(last: lastFailure, attempts: configuration.attempts))
    }

    /// Why `url` must not be requested, or `nil` when it may.
    func refusal(of url: String) -> DownloadFailure? {
        if forbidden.contains(where: { url.contains($0) }) {
            return .tokenInURL
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else {
            return .badURL
        }
        return nil
    }

    /// `url` as logged: scheme, host, port and path, without the query (which carries the signature and,
    /// on a hostile URL, could carry anything).
    static func shown(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(unparseable URL)" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "(unparseable URL)"
    }

    /// Full-jitter exponential backoff before attempt `attempt` (1-based count of previous failures).
    func backoff(attempt: Int) -> Duration {
        let exponent = min(attempt - 1, 20)
        let ceiling = min(configuration.backoffBase * (1 << exponent), configuration.backoffCap)
        let fraction = Double.random(in: 0.5...1.0)
        return ceiling * fraction
    }
}
