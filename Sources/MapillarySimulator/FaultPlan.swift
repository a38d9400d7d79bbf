/// Faults the simulator injects, all on deterministic schedules (request counters and the seeded generator;
/// the clock only decides URL expiry).
///
/// "Every n-th" counts from 1: with `graph500Every = 3` the 3rd, 6th, 9th … Graph requests fail.
public struct FaultPlan: Sendable {
    /// Delay added before every Graph and CDN response.
    public var latency: Duration
    /// Every n-th Graph request answers HTTP 500 `MLYApiException` "temporarily unavailable".
    public var graph500Every: Int?
    /// Every n-th Graph request answers HTTP 429 with `Retry-After: 1`; every second such answer has an XML body.
    public var rateLimitEvery: Int?
    /// Every n-th Graph request answers the HTTP 400 query timeout (code -2, subcode 3404014).
    public var timeoutEvery: Int?
    /// Every n-th CDN download (counting requests with a valid, unexpired signature) sends its headers and half
    /// the body, then closes the connection.
    public var cdnResetEvery: Int?
    /// When set, CDN bodies are written in small chunks at about this rate.
    public var cdnSlowBytesPerSecond: Int?
    /// Lifetime of signed thumbnail URLs; zero or negative makes every URL expired on arrival.
    public var urlTTL: Duration
    /// The first CDN request for each image answers 403 "URL signature expired", forcing a metadata refresh.
    public var expireFirstCDNAttempt: Bool
    /// Every n-th `/images?image_ids=` request answers `{"data":[]}` (the batch glitch of mapillary-js #460).
    public var batchGlitchEvery: Int?
    /// Adds hostile records to the world: an id `../../etc/passwd` injected into batch answers, an absurd width,
    /// `captured_at` as a string, missing geometry, and a non-JSON 200 body for one entity lookup.
    public var hostile: Bool
    /// After this many tile requests, every tile request answers HTTP 302 to a login page with an HTML
    /// body (the per-IP tile block of reference §9.2).
    public var tileBlockAfter: Int?

    /// Creates a plan; the default injects nothing and URLs live one hour.
    public init(
        latency: Duration = .zero,
        graph500Every: Int? = nil,
        rateLimitEvery: Int? = nil,
        timeoutEvery: Int? = nil,
        cdnResetEvery: Int? = nil,
        cdnSlowBytesPerSecond: Int? = nil,
        urlTTL: Duration = .seconds(3600),
        expireFirstCDNAttempt: Bool = false,
        batchGlitchEvery: Int? = nil,
        hostile: Bool = false,
        tileBlockAfter: Int? = nil
    ) {
        self.tileBlockAfter = tileBlockAfter
        self.latency = latency
        self.graph500Every = graph500Every
        self.rateLimitEvery = rateLimitEvery
        self.timeoutEvery = timeoutEvery
        self.cdnResetEvery = cdnResetEvery
        self.cdnSlowBytesPerSecond = cdnSlowBytesPerSecond
        self.urlTTL = urlTTL
        self.expireFirstCDNAttempt = expireFirstCDNAttempt
        self.batchGlitchEvery = batchGlitchEvery
        self.hostile = hostile
    }
}
