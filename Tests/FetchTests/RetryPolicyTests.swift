import Foundation
import Fetch
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy.default

    /// Every row of reference §10.2, with the §10.3 decision.
    @Test("classifies every measured combination", arguments: [
        (1, 500, GraphErrorEnvelope(code: 190, message: "Invalid OAuth 2.0 Access Token", type: "MLYApiException"), RetryDecision.stopRun),
        (2, 401, GraphErrorEnvelope(code: 190, message: "Failed to decode", type: "OAuthException"), .stopRun),
        (3, 401, GraphErrorEnvelope(code: 190, message: "Error validating application", type: "OAuthException"), .stopRun),
        (4, 400, GraphErrorEnvelope(code: 190, message: "Error validating application", type: "OAuthException"), .stopRun),
        (5, 400, GraphErrorEnvelope(code: 190), .stopRun),
        (6, 400, GraphErrorEnvelope(code: 100, subcode: 33, message: "Unsupported get request.", type: "MLYApiException"), .notFound),
        (7, 400, GraphErrorEnvelope(code: -2, subcode: 3404014, message: "Timeout", type: "OAuthException", isTransient: false), .retry(.timeout)),
        (8, 500, GraphErrorEnvelope(message: "temporarily unavailable", type: "MLYApiException"), .retry(.transient)),
        (9, 429, nil, .retry(.rateLimited)),
        (12, 500, GraphErrorEnvelope(code: 1, message: "Please reduce the amount of data you're asking for"), .retry(.transient)),
        (13, 400, GraphErrorEnvelope(subcode: 3404014), .retry(.timeout)),
    ] as [(Int, Int, GraphErrorEnvelope?, RetryDecision)])
    func measuredRows(row: Int, status: Int, envelope: GraphErrorEnvelope?, expected: RetryDecision) {
        #expect(policy.classify(status: status, envelope: envelope, transportError: false) == expected, "row \(row)")
    }

    @Test("the remaining classes follow the §10.3 order", arguments: [
        (Int?.none, GraphErrorEnvelope?.none, true, RetryDecision.retry(.transient)),
        (400, GraphErrorEnvelope(code: 4, message: "Application request limit reached"), false, .retry(.rateLimited)),
        (400, GraphErrorEnvelope(code: 2, isTransient: true), false, .retry(.transient)),
        (400, GraphErrorEnvelope(code: 12, isTransient: true), false, .retry(.transient)),
        (502, nil, false, .retry(.transient)),
        (503, nil, false, .retry(.transient)),
        (404, nil, false, .notFound),
        (400, GraphErrorEnvelope(code: 100, message: "Tried accessing nonexisting field"), false, .fail),
        (403, GraphErrorEnvelope(code: 10, message: "permission"), false, .fail),
        (403, nil, false, .retry(.unknown)),
        (302, nil, false, .retry(.unknown)),
        (400, nil, false, .retry(.unknown)),
        (429, GraphErrorEnvelope(code: 190), false, .stopRun),
        (500, GraphErrorEnvelope(code: -2), false, .retry(.timeout)),
    ] as [(Int?, GraphErrorEnvelope?, Bool, RetryDecision)])
    func classes(status: Int?, envelope: GraphErrorEnvelope?, transport: Bool, expected: RetryDecision) {
        #expect(policy.classify(status: status, envelope: envelope, transportError: transport) == expected)
    }

    @Test("budgets per class")
    func budgets() {
        #expect(policy.budget(for: .auth) == 0)
        #expect(policy.budget(for: .rateLimited) == 6)
        #expect(policy.budget(for: .timeout) == 4)
        #expect(policy.budget(for: .transient) == 6)
        #expect(policy.budget(for: .notFound) == 0)
        #expect(policy.budget(for: .badRequest) == 0)
        #expect(policy.budget(for: .unknown) == 3)
    }

    @Test("split-worthy bbox failures: timeouts and reduce-the-data errors")
    func splits() {
        #expect(policy.suggestsSplit(status: 400, code: -2, subcode: 3404014))
        #expect(policy.suggestsSplit(status: 500, code: 1, subcode: nil))
        #expect(policy.suggestsSplit(status: 500, code: nil, subcode: nil))
        #expect(!policy.suggestsSplit(status: 429, code: nil, subcode: nil))
        #expect(!policy.suggestsSplit(status: 400, code: 100, subcode: 33))
    }

    @Test("full-jitter exponential delays stay within base·2^n, capped at 60 s", arguments: 0..<10)
    func jitter(attempt: Int) {
        let ceiling = min(Duration.seconds(60), .seconds(1) * Int(1 << attempt))
        for _ in 0..<50 {
            let delay = policy.delay(attempt: attempt, retryAfter: nil)
            #expect(delay >= .zero && delay <= ceiling)
        }
        let slow = policy.delay(attempt: attempt, retryAfter: nil, kind: .rateLimited)
        #expect(slow <= .seconds(60))
    }

    @Test("jitter actually varies")
    func jitterVaries() {
        let delays = Set((0..<20).map { _ in policy.delay(attempt: 5, retryAfter: nil) })
        #expect(delays.count > 1)
    }

    @Test("Retry-After is honoured as seconds or an HTTP-date")
    func retryAfter() throws {
        #expect(policy.delay(attempt: 0, retryAfter: .seconds(7), kind: .rateLimited) == .seconds(7))
        #expect(policy.delay(attempt: 0, retryAfter: .seconds(86_400)) == .seconds(300))
        #expect(RetryPolicy.parseRetryAfter("120") == .seconds(120))
        #expect(RetryPolicy.parseRetryAfter(" 3 ") == .seconds(3))
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:27:30Z"))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
    }

    @Test("the envelope parser is total")
    func envelope() {
        let body = #"{"error":{"message":"Timeout","type":"OAuthException","code":-2,"error_subcode":3404014,"is_transient":false,"error_user_title":"Query Timeout","fbtrace_id":"A1"}}"#
        #expect(GraphErrorEnvelope.parse(Array(body.utf8)) == GraphErrorEnvelope(code: -2, subcode: 3404014, message: "Timeout", type: "OAuthException", isTransient: false))
        #expect(GraphErrorEnvelope.parse(Array("<?xml version=\"1.0\"?><error/>".utf8)) == nil)
        #expect(GraphErrorEnvelope.parse(Array(#"{"data":[]}"#.utf8)) == nil)
        #expect(GraphErrorEnvelope.parse(Array(#"{"error":{"code":"190","message":5}}"#.utf8)) == GraphErrorEnvelope(code: 190, message: ""))
        #expect(GraphErrorEnvelope.parse([]) == nil)
    }

    @Test("past its retry count a request goes on while the run progresses (a 429 always), within the time budget only")
    func timeBudget() {
        let policy = RetryPolicy.default
        let budget = policy.itemBudget
        #expect(policy.mayRetry(.transient, attempt: 5, elapsed: .zero, progressed: false), "within the count")
        #expect(!policy.mayRetry(.transient, attempt: 6, elapsed: .seconds(1), progressed: false), "count spent, no progress")
        #expect(policy.mayRetry(.transient, attempt: 60, elapsed: .seconds(1), progressed: true), "count spent, progress")
        #expect(policy.mayRetry(.rateLimited, attempt: 60, elapsed: .seconds(1), progressed: false), "429s wait their turn")
        #expect(!policy.mayRetry(.rateLimited, attempt: 60, elapsed: budget, progressed: true), "the budget ends it")
        #expect(!policy.mayRetry(.transient, attempt: 60, elapsed: budget + .seconds(1), progressed: true))
        #expect(!policy.mayRetry(.badRequest, attempt: 0, elapsed: .zero, progressed: true), "no retry for a 400")
        #expect(budget == .seconds(900), "15 minutes in production")
    }
}
