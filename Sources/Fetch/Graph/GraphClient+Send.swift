import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension GraphClient {
    /// Quick retries of a connection that cannot be established before any request was answered.
    static let unreachableRetries = 2
    /// The time after which a request that never reached the server stops retrying quickly and throws
    /// ``FetchError/unreachable(address:cause:)``.
    static let unreachableWindow: Duration = .seconds(2)
    /// The longest wait between two quick retries of an unreachable server.
    static let unreachableWaitCap: Duration = .milliseconds(500)

    /// Sends one GET with the retry loop.
    /// - Parameters:
    ///   - target: `/path?query`, already encoded, relative to the base URL.
    ///   - endpoint: The endpoint kind for statistics and rate limiting.
    ///   - splitAfter: For bbox searches: after this many failures of a kind that suggests splitting
    ///     (see ``RetryPolicy/suggestsSplit(status:code:subcode:)``), stop retrying and throw so the
    ///     caller can split the cell.
    /// - Throws: ``FetchError/unreachable(address:cause:)`` when the server cannot be reached and no request
    ///   of this client has been answered yet (after at most ``unreachableRetries`` quick retries within
    ///   ``unreachableWindow``), or any error of ``get(path:query:)``.
    func send(target: String, endpoint: String, splitAfter: Int?) async throws(FetchError) -> (value: JSONValue, raw: [UInt8]) {
        let url = baseURL + target
        let shown = scrub(target)
        let started = ContinuousClock.now
        var attempt = 0
        var splittableFailures = 0
        var unreachableRetries = 0
        let successesAtStart = await recorder.successes
        while true {
            if Task.isCancelled { throw .cancelled }
            let outcome = try await attemptOnce(url: url, target: target, endpoint: endpoint,
                                                isRetry: attempt > 0 || unreachableRetries > 0)
            let failure: Failure
            switch outcome {
            case .success(let value, let raw):
                await recorder.recordSuccess()
                return (value, raw)
            case .failure(let failed): failure = failed
            }
            if let cause = failure.unreachableCause, !reachability.hasReached {
                await recorder.recordFailure("unreachable")
                guard unreachableRetries < GraphClient.unreachableRetries,
                    ContinuousClock.now - started < GraphClient.unreachableWindow
                else {
                    throw .unreachable(address: address, cause: cause)
                }
                let wait = min(policy.delay(attempt: unreachableRetries, retryAfter: nil), GraphClient.unreachableWaitCap)
                unreachableRetries += 1
                logger.info(
                    "retrying GET \(shown) after \(scrub(failure.summary)): no request has reached \(address) yet (quick retry \(unreachableRetries) of \(GraphClient.unreachableRetries)) in \(wait)",
                    metadata: GraphClient.retryMetadata(shown, failure: scrub(failure.summary), retry: unreachableRetries,
                                                        of: GraphClient.unreachableRetries, wait: wait))
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    throw .cancelled
                }
                continue
            }
            await recorder.recordFailure(failure.label)
            let decision = failure.decision
            switch decision {
            case .stopRun:
                let message = failure.envelope?.message ?? ""
                throw .authRejected(message: message.isEmpty ? "error code 190" : message)
            case .notFound:
                throw .notFound(id: GraphClient.objectID(in: target))
            case .fail:
                throw failure.error
            case .retry(let kind):
                if let splitAfter, policy.suggestsSplit(status: failure.status, code: failure.envelope?.code, subcode: failure.envelope?.subcode) {
                    splittableFailures += 1
                    if splittableFailures >= splitAfter { throw failure.error }
                }
                let progressed = await recorder.successes > successesAtStart
                guard policy.mayRetry(kind, attempt: attempt, elapsed: ContinuousClock.now - started, progressed: progressed)
                else { throw failure.error }
                let wait = policy.delay(attempt: attempt, retryAfter: failure.retryAfter, kind: kind)
                let budget = policy.budget(for: kind)
                logger.info(
                    "retrying GET \(shown) after \(scrub(failure.summary)) (retry \(attempt + 1) of \(budget)\(attempt < budget ? "" : ", within the time budget while other requests succeed")) in \(wait)",
                    metadata: GraphClient.retryMetadata(shown, failure: scrub(failure.summary), retry: attempt + 1,
                                                        of: budget, wait: wait))
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    throw .cancelled
                }
                attempt += 1
            }
        }
    }

    /// The structured part of a retry's log record.
    static func retryMetadata(_ target: String, failure: String, retry: Int, of budget: Int, wait: Duration) -> Logger.Metadata {
        ["request": "GET \(target)", "failure": "\(failure)", "retry": "\(retry)", "budget": "\(budget)", "wait": "\(wait)"]
    }

    /// One failed attempt, classified.
    struct Failure {
        var status: Int?
        var envelope: GraphErrorEnvelope?
        var retryAfter: Duration?
        var decision: RetryDecision
        var error: FetchError
        var label: String
        var summary: String
        /// Set when no connection could be established (refused, unknown host, TLS, connect timeout).
        var unreachableCause: String?
    }

    enum Outcome {
        case success(JSONValue, [UInt8])
        case failure(Failure)
    }

    private func attemptOnce(url: String, target: String, endpoint: String, isRetry: Bool) async throws(FetchError) -> Outcome {
        let sentAt: ContinuousClock.Instant
        do {
            try await (endpoint == "bbox" || endpoint == "creator" ? searchLimiter : entityLimiter).acquire()
            sentAt = try await pacer.acquire()
        } catch {
            throw .cancelled
        }
        await semaphore.acquire()
        await recorder.recordRequest(endpoint: endpoint, isRetry: isRetry)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "OAuth \(token)") }
        request.headers.add(name: "Accept", value: "application/json")
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        logger.debug("GET \(scrub(target))", metadata: ["endpoint": "\(endpoint)", "retry": "\(isRetry)"])
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(90))
            reachability.markReached()
            status = Int(response.status.code)
            headers = response.headers
            var buffer = try await response.body.collect(upTo: GraphClient.maximumBodySize)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
            await semaphore.release()
            logger.debug("GET \(scrub(target)) answered HTTP \(status) with \(body.count) bytes")
            if status != 429 {
                await pacer.answered(sentAt: sentAt, usage: AdaptiveRateLimiter.usage(headers.first(name: "x-app-usage")))
            }
        } catch is NIOTooManyBytesError {
            await semaphore.release()
            let error = FetchError.invalidResponse(url: target, reason: "the body exceeds \(GraphClient.maximumBodySize / 1_048_576) MiB")
            return .failure(Failure(decision: .fail, error: error, label: "invalidBody", summary: "an oversized body"))
        } catch {
            await semaphore.release()
            if error is CancellationError || Task.isCancelled { throw .cancelled }
            let message = GraphClient.describe(error)
            logger.debug("GET \(scrub(target)) failed on the network: \(scrub(message))")
            return .failure(Failure(
                decision: policy.classify(status: nil, envelope: nil, transportError: true),
                error: .transport(url: target, message: message), label: RetryClass.transient.rawValue,
                summary: "a network error (\(message))", unreachableCause: ConnectionFailure.cause(of: error)))
        }
        if (200...299).contains(status) {
            do {
                let value = try JSONParser.parse(body)
                return .success(value, body)
            } catch {
                let located = error.located(at: target)
                return .failure(Failure(
                    status: status, decision: .retry(.unknown), error: located, label: "invalidBody",
                    summary: "an unparseable \(status) body"))
            }
        }
        let envelope = GraphErrorEnvelope.parse(body)
        let decision = policy.classify(status: status, envelope: envelope, transportError: false)
        let retryAfter = headers.first(name: "Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
        if decision == .retry(.rateLimited) {
            await pacer.rateLimited(sentAt: sentAt, pause: min(retryAfter ?? .seconds(1), policy.retryAfterCap))
        }
        let error = FetchError.http(
            status: status, url: target, code: envelope?.code, subcode: envelope?.subcode,
            message: envelope?.message ?? GraphClient.snippet(body))
        var summary = "HTTP \(status)"
        if let code = envelope?.code { summary += " code \(code)" }
        if let subcode = envelope?.subcode { summary += "/\(subcode)" }
        return .failure(Failure(
            status: status, envelope: envelope, retryAfter: retryAfter, decision: decision, error: error,
            label: decision.retryClass.rawValue, summary: summary))
    }

    /// The id a `/ID?…` target names, for not-found errors (the path without its slash and query).
    static func objectID(in target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        return String(path.drop(while: { $0 == "/" }))
    }

    /// A short, printable excerpt of a non-JSON error body.
    static func snippet(_ body: [UInt8]) -> String {
        if body.isEmpty { return "" }
        let text = String(decoding: body.prefix(120), as: UTF8.self)
        let quoted = FetchError.quoted(text, limit: 80)
        return "non-JSON body \(quoted)"
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.description }
        return String(describing: error)
    }
}
