/// What the simulator has seen since it started (or since ``MapillarySimulator/resetStatistics()``).
public struct SimulatorStatistics: Sendable, Equatable {
    /// Graph requests by kind: `bbox`, `image_ids` (sequence listing), `batch` (`/images?image_ids=`), `entity`
    /// (`/{id}`), `creator`, `other`.
    public var graphRequests: [String: Int] = [:]
    /// All Graph requests.
    public var totalGraphRequests = 0
    /// Graph answers with a status other than 200.
    public var graphErrorsServed = 0
    /// Graph requests that authenticated with `?access_token=` instead of the header.
    public var queryTokenRequests = 0
    /// All CDN requests.
    public var cdnRequests = 0
    /// Body bytes the CDN wrote (images, including partial bodies of reset connections).
    public var cdnBytes = 0
    /// CDN requests that carried an `Authorization` header.
    public var authorizationHeadersSeenByCDN = 0
    /// CDN requests whose request line or headers contained the access token anywhere.
    public var tokenSeenByCDN = 0
    /// Graph answers with HTTP 429 (scheduled faults, the storm and the rate limit).
    public var rateLimitedServed = 0
    /// Graph requests refused because they exceeded ``FaultPlan/graphRateLimit``.
    public var rateLimitedByWindow = 0
    /// CDN answers with an injected HTTP 503 (``FaultPlan/cdn503Every``).
    public var cdn503Served = 0
    /// CDN requests with a `Range` header (answered 206, or 416 when it starts past the end).
    public var cdnRangeRequests = 0
    /// Graph requests whose token was missing or wrong.
    public var rejectedTokens = 0
    /// Highest number of CDN requests in progress at once.
    public var maxConcurrentCDN = 0
    /// Highest number of Graph requests in progress at once.
    public var maxConcurrentGraph = 0
    /// Bbox requests rejected for an area of 0.01 deg² or more.
    public var bboxTooLarge = 0
    /// CDN requests per image id (any resolution, any outcome with a well-formed URL).
    public var cdnRequestsPerImage: [String: Int] = [:]
    /// CDN answers by status code.
    public var cdnStatuses: [Int: Int] = [:]

    /// Coverage tile requests (any answer).
    public var tileRequests = 0
    /// Coverage tiles served with a 200 answer.
    public var tilesServed = 0
    /// Tile requests that carried an `Authorization` header (refused with 403, as the real host does).
    public var tileAuthorizationHeaders = 0
    /// Tile requests answered with the redirect to a login page (``FaultPlan/tileBlockAfter``).
    public var tileBlocksServed = 0

    /// Creates empty statistics.
    public init() {}
}
