import Foundation
import NIOCore
import NIOHTTP1

/// The Graph API listener: request accounting, authentication, the fault schedule, and routing.
extension SimulatorCore {
    /// Which statistics bucket a request belongs to.
    static func kind(of target: RequestTarget?) -> String {
        guard let target else { return "other" }
        switch target.path {
        case "/images":
            if target.parameters["image_ids"] != nil { return "batch" }
            if target.parameters["creator_username"] != nil { return "creator" }
            if target.parameters["bbox"] != nil { return "bbox" }
            return "other"
        case "/image_ids": return "image_ids"
        case "/", "": return "other"
        default: return target.path.dropFirst().contains("/") ? "other" : "entity"
        }
    }

    func graphReply(to head: HTTPRequestHead) -> SimReply {
        let target = RequestTarget(uri: head.uri)
        if let target, target.path.hasPrefix("/maps/vtp/") { return tileReply(to: head, target: target) }
        let kind = Self.kind(of: target)
        let count = state.withLockedValue { s in
            s.graphCounter += 1
            s.statistics.totalGraphRequests += 1
            s.statistics.graphRequests[kind, default: 0] += 1
            return s.graphCounter
        }
        var reply: SimReply
        var meter: (usage: Int, retryAfter: Int?)?
        do throws(GraphError) {
            try authenticate(head: head, target: target)
            meter = meterRate()
            if let wait = meter?.retryAfter {
                state.withLockedValue { $0.statistics.rateLimitedByWindow += 1 }
                reply = errorReply(rateLimited(), requestNumber: count)
                reply.headers = reply.headers.map { $0.0 == "Retry-After" ? ("Retry-After", String(wait)) : $0 }
            } else {
                try injectFault(requestNumber: count)
                guard head.method == .GET else { throw .unsupported }
                guard let target else { throw .invalidParameter("Invalid URL: malformed percent-encoding") }
                reply = try route(target, kind: kind, requestNumber: count)
            }
        } catch {
            reply = errorReply(error, requestNumber: count)
        }
        if let meter {
            reply.headers.append(("x-app-usage", "{\"call_count\":\(meter.usage),\"total_cputime\":0,\"total_time\":0}"))
        }
        state.withLockedValue { s in
            if reply.status != .ok { s.statistics.graphErrorsServed += 1 }
            if reply.status == .tooManyRequests { s.statistics.rateLimitedServed += 1 }
        }
        return reply
    }

    func errorReply(_ error: GraphError, requestNumber: Int) -> SimReply {
        let trace = "A" + ThumbnailSigner.base64url(
            withUnsafeBytes(of: StableHash.hash("trace\(requestNumber)", seed: configuration.seed)) { Array($0) })
        let (contentType, text) = error.body(traceID: String(trace.prefix(12)))
        var headers: [(String, String)] = []
        if case .rateLimited = error { headers.append(("Retry-After", "1")) }
        if case .missingToken = error { headers.append(("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"")) }
        return .text(error.status, text, contentType: contentType, headers: headers)
    }

    /// `Authorization: OAuth <token>` (preferred) or `?access_token=`, compared with the configured token.
    private func authenticate(head: HTTPRequestHead, target: RequestTarget?) throws(GraphError) {
        let expected = configuration.token
        if let header = head.headers.first(name: "Authorization") {
            let parts = header.split(separator: " ", maxSplits: 1)
            let token = parts.count == 2 && parts[0].lowercased() == "oauth"
                ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            guard token != expected else { return }
            state.withLockedValue { $0.statistics.rejectedTokens += 1 }
            guard let token, Self.isWellFormed(token) else { throw .malformedToken }
            throw .wrongToken(inQuery: false)
        }
        if let query = target?.parameters["access_token"] {
            guard query != expected else {
                state.withLockedValue { $0.statistics.queryTokenRequests += 1 }
                return
            }
            state.withLockedValue { $0.statistics.rejectedTokens += 1 }
            throw .wrongToken(inQuery: true)
        }
        state.withLockedValue { $0.statistics.rejectedTokens += 1 }
        throw .missingToken
    }

    /// `MLY|<digits>|<32 hex>`.
    static func isWellFormed(_ token: String) -> Bool {
        let parts = token.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "MLY", !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII),
              parts[1].allSatisfy(\.isNumber), parts[2].count == 32 else { return false }
        return parts[2].allSatisfy { $0.isASCII && $0.isHexDigit }
    }

    private func injectFault(requestNumber n: Int) throws(GraphError) {
        let faults = configuration.faults
        let seed = configuration.seed
        if n <= faults.rateLimitStorm { throw rateLimited() }
        if faults.fires(faults.graph500Every, n: n, salt: "500", seed: seed) { throw .temporarilyUnavailable }
        if faults.fires(faults.rateLimitEvery, n: n, salt: "429", seed: seed) { throw rateLimited() }
        if faults.fires(faults.timeoutEvery, n: n, salt: "timeout", seed: seed) { throw .timeout }
    }

    /// A 429, every second one with an XML body.
    private func rateLimited() -> GraphError {
        let xml = state.withLockedValue { s in
            s.rateLimitCounter += 1
            return s.rateLimitCounter % 2 == 0
        }
        return .rateLimited(xml: xml)
    }

    /// Counts a request against ``FaultPlan/graphRateLimit``: the `x-app-usage` percentage after it, and
    /// the seconds to wait when it is over the limit.
    func meterRate() -> (usage: Int, retryAfter: Int?)? {
        guard let limit = configuration.faults.graphRateLimit, limit > 0 else { return nil }
        let window = configuration.faults.graphRateWindow
        let windowSeconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let now = ContinuousClock.now
        return state.withLockedValue { s in
            if s.rateWindowStart == nil || s.rateWindowStart!.duration(to: now) >= window {
                s.rateWindowStart = now
                s.rateWindowCount = 0
            }
            s.rateWindowCount += 1
            let usage = min(100, s.rateWindowCount * 100 / limit)
            guard s.rateWindowCount > limit else { return (usage, nil) }
            let elapsed = s.rateWindowStart!.duration(to: now)
            let left = windowSeconds - (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            return (usage, max(1, Int(left.rounded(.up))))
        }
    }

    private func route(_ target: RequestTarget, kind: String, requestNumber: Int) throws(GraphError) -> SimReply {
        let p = target.parameters
        switch kind {
        case "batch": return try batch(p, requestNumber: requestNumber)
        case "creator": return try creator(p)
        case "bbox": return try bbox(p, key: target.rawQuery)
        case "image_ids": return try imageIDs(p)
        case "entity": return try entity(id: String(target.path.dropFirst()), p)
        default:
            if target.path == "/", let ids = p["ids"] { return try graphIDs(ids, p) }
            throw .unsupported
        }
    }
}
