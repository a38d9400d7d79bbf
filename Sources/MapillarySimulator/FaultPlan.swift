/// Faults the simulator injects, all on deterministic schedules (request counters and the seeded generator;
/// the clock only decides URL expiry).
///
/// "Every n-th" counts from 1: with `graph500Every = 3` the 3rd, 6th, 9th … Graph requests fail. With
/// ``randomized`` set, each "every n-th" knob instead fires with probability 1/n, drawn from the seed and the
/// request number (still reproducible for a seed, but failures can come in runs, as on the real API).
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
    /// Every n-th CDN download (counting requests with a valid, unexpired signature) answers HTTP 503.
    public var cdn503Every: Int?
    /// The first n Graph requests answer HTTP 429 (a rate-limited start, the "429 storm").
    public var rateLimitStorm: Int
    /// A real rate limit: at most this many Graph requests per ``graphRateWindow`` (fixed windows); the ones
    /// over it answer HTTP 429 with `Retry-After` (the seconds left in the window, at least 1). Every Graph
    /// answer then carries `x-app-usage: {"call_count":P,"total_cputime":0,"total_time":0}`, P being the
    /// percentage of the window's budget used (Meta's header, which Mapillary does not document).
    public var graphRateLimit: Int?
    /// The window of ``graphRateLimit`` (default one minute).
    public var graphRateWindow: Duration
    /// Fault knobs fire at random (probability 1/n, seeded) instead of on every n-th request.
    public var randomized: Bool

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
        tileBlockAfter: Int? = nil,
        cdn503Every: Int? = nil,
        rateLimitStorm: Int = 0,
        graphRateLimit: Int? = nil,
        graphRateWindow: Duration = .seconds(60),
        randomized: Bool = false
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
        self.cdn503Every = cdn503Every
        self.rateLimitStorm = rateLimitStorm
        self.graphRateLimit = graphRateLimit
        self.graphRateWindow = graphRateWindow
        self.randomized = randomized
    }

    /// Whether a knob of period `every` fires for event number `n` (counted from 1) of the stream `salt`.
    func fires(_ every: Int?, n: Int, salt: String, seed: UInt64) -> Bool {
        guard let every, every > 0 else { return false }
        if randomized { return StableHash.unit(seed: seed, salt, String(n)) < 1 / Double(every) }
        return n % every == 0
    }
}
