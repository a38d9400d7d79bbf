import Foundation
import NIOCore
import NIOHTTP1

/// The CDN listener: signed-URL checks, per-image accounting, expiry faults and download faults.
extension SimulatorCore {
    func cdnReply(to head: HTTPRequestHead) -> SimReply {
        let token = configuration.token
        let decodedURI = head.uri.removingPercentEncoding ?? head.uri
        let sawToken = head.uri.contains(token) || decodedURI.contains(token)
            || head.headers.contains { $0.name.contains(token) || $0.value.contains(token) }
        state.withLockedValue { s in
            s.statistics.cdnRequests += 1
            if head.headers.contains(name: "Authorization") { s.statistics.authorizationHeadersSeenByCDN += 1 }
            if sawToken { s.statistics.tokenSeenByCDN += 1 }
        }
        let reply = serveImage(head)
        state.withLockedValue { $0.statistics.cdnStatuses[Int(reply.status.code), default: 0] += 1 }
        return reply
    }

    private func plain(_ status: HTTPResponseStatus, _ text: String) -> SimReply {
        .text(status, text, contentType: "text/plain; charset=utf-8")
    }

    private func serveImage(_ head: HTTPRequestHead) -> SimReply {
        guard head.method == .GET else { return plain(.methodNotAllowed, "Method Not Allowed") }
        guard let target = RequestTarget(uri: head.uri) else { return plain(.badRequest, "Bad Request") }
        let now = Date().timeIntervalSince1970
        let verified = signer.verify(path: target.path, parameters: target.parameters, now: now)
        let id: String
        let resolution: String
        switch verified {
        case .failure(.malformed):
            return plain(.notFound, "Not Found")
        case .failure(.badHash):
            return plain(.forbidden, "Bad URL hash")
        case .failure(.expired):
            // The signature is valid, so the opaque part names an image: count the attempt against it.
            if case .success(let t) = signer.verify(path: target.path, parameters: target.parameters, now: -1) {
                recordAttempt(id: t.id)
            }
            return plain(.forbidden, "URL signature expired")
        case .success(let t):
            id = t.id
            resolution = t.resolution
        }
        let first = recordAttempt(id: id)
        if first, configuration.faults.expireFirstCDNAttempt { return plain(.forbidden, "URL signature expired") }
        guard let parts = jpegParts(id: id, resolution: resolution) else { return plain(.notFound, "Not Found") }
        let faults = configuration.faults
        let seed = configuration.seed
        let (reset, unavailable) = state.withLockedValue { s in
            s.cdnServeCounter += 1
            let n = s.cdnServeCounter
            let unavailable = faults.fires(faults.cdn503Every, n: n, salt: "cdn503", seed: seed)
            if unavailable { s.statistics.cdn503Served += 1 }
            return (!unavailable && faults.fires(faults.cdnResetEvery, n: n, salt: "reset", seed: seed), unavailable)
        }
        if unavailable { return plain(.serviceUnavailable, "Service Unavailable") }
        var reply = SimReply(status: .ok, headers: [
            ("Content-Type", "image/jpeg"), ("Cache-Control", "max-age=1209600, no-transform"),
            ("Access-Control-Allow-Origin", "*"), ("Accept-Ranges", "bytes"),
        ], body: parts, isImage: true)
        if let range = head.headers.first(name: "Range") {
            let total = reply.contentLength
            guard let start = Self.rangeStart(range), start < total else {
                state.withLockedValue { $0.statistics.cdnRangeRequests += 1 }
                return SimReply(status: .rangeNotSatisfiable, headers: [("Content-Range", "bytes */\(total)")], body: [])
            }
            state.withLockedValue { $0.statistics.cdnRangeRequests += 1 }
            reply.status = .partialContent
            reply.headers.append(("Content-Range", "bytes \(start)-\(total - 1)/\(total)"))
            var whole = ByteBuffer()
            for part in parts { var copy = part; whole.writeBuffer(&copy) }
            reply.body = [whole.getSlice(at: whole.readerIndex + start, length: total - start) ?? ByteBuffer()]
        }
        if reset {
            reply.delivery = .resetHalfway
        } else if let rate = configuration.faults.cdnSlowBytesPerSecond, rate > 0 {
            reply.delivery = .throttled(bytesPerSecond: rate)
        }
        return reply
    }

    /// The first byte of a `Range: bytes=N-` (or `bytes=N-M`, served to the end) header; nil for other forms.
    static func rangeStart(_ header: String) -> Int? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else { return nil }
        let spec = text.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2, let start = Int(spec[0]), start >= 0 else { return nil }
        return start
    }

    /// Counts a request for `id`; true when it is the first one for that image.
    @discardableResult
    private func recordAttempt(id: String) -> Bool {
        state.withLockedValue { s in
            s.statistics.cdnRequestsPerImage[id, default: 0] += 1
            return s.cdnSeenIDs.insert(id).inserted
        }
    }
}
