/// The mutable side of a running simulator (counters, statistics, ports), kept behind one lock.
struct SimulatorState: Sendable {
    var statistics = SimulatorStatistics()
    /// Graph requests so far (never reset): drives the Graph fault schedule.
    var graphCounter = 0
    /// CDN requests with a valid, unexpired signature so far (never reset): drives `cdnResetEvery`.
    var cdnServeCounter = 0
    /// `/images?image_ids=` requests so far (never reset): drives `batchGlitchEvery`.
    var batchCounter = 0
    /// 429 answers so far: every second one has an XML body.
    var rateLimitCounter = 0
    /// Images whose first CDN request has been seen (for `expireFirstCDNAttempt`).
    var cdnSeenIDs = Set<String>()
    /// The start of the current ``FaultPlan/graphRateLimit`` window and the requests counted in it.
    var rateWindowStart: ContinuousClock.Instant?
    var rateWindowCount = 0
    var currentGraph = 0
    var currentCDN = 0
    var graphPort = 0
    var cdnPort = 0
}
