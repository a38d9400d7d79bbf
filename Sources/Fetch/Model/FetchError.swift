/// Everything that can go wrong while talking to Mapillary or handling what it returned.
///
/// Descriptions are sentences naming the URL (path and query only — the access token travels in a
/// header and never appears here) and the cause.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Graph API rejected the access token (error code 190, at any HTTP status). The whole run
    /// must stop: continuing would wrongly mark images as missing.
    case authRejected(message: String)
    /// The image (or other object) does not exist or is not visible to this token.
    case notFound(id: String)
    /// The server answered with an HTTP error that is not retryable (or no longer retried).
    case http(status: Int, url: String, code: Int?, subcode: Int?, message: String)
    /// The request could not be completed on the network (connect, reset, timeout, TLS…).
    case transport(url: String, message: String)
    /// The Graph API could not be reached at all before any request of the run had received an answer:
    /// the connection was refused, the host name does not resolve, the TLS handshake failed or the
    /// connection timed out. Retrying cannot help, so the run stops at once.
    /// - Parameters:
    ///   - address: The API's `scheme://host:port` (never a path, query or token).
    ///   - cause: The cause in words, e.g. `connection refused`, `host not found (…)`,
    ///     `TLS handshake failed: …`.
    case unreachable(address: String, cause: String)
    /// The server answered 2xx with a body that is not what the API promises (not JSON, wrong shape,
    /// too large, a paging link to another host…).
    case invalidResponse(url: String, reason: String)
    /// One record in an otherwise valid answer is unusable (for example an id that is not 1–20 digits).
    case invalidRecord(reason: String)
    /// The caller's input is invalid (a bounding box, a polygon file, an id, a sequence key…).
    case invalidInput(String)
    /// A local file could not be read or written.
    case io(path: String, message: String)
    /// The operation was cancelled.
    case cancelled

    /// A sentence describing the failure, its URL or path, and its cause.
    public var description: String {
        switch self {
        case .authRejected(let message):
            return "The Mapillary access token was rejected (\(message)). Check --token or MAPILLARY_ACCESS_TOKEN; the token may be invalid, expired or revoked."
        case .notFound(let id):
            return "Mapillary has no object with id \(id) (it does not exist or is not visible to this token)."
        case .http(let status, let url, let code, let subcode, let message):
            var detail = "HTTP \(status)"
            if let code { detail += ", error code \(code)" }
            if let subcode { detail += ", subcode \(subcode)" }
            let said = message.isEmpty ? "" : ": \(message)"
            return "The Mapillary API request \(url) failed (\(detail))\(said)."
        case .transport(let url, let message):
            return "The request \(url) could not be completed: \(message)."
        case .unreachable(let address, let cause):
            return "The Mapillary API at \(address) cannot be reached: \(cause). Check the network connection and the API URL."
        case .invalidResponse(let url, let reason):
            let target = url.isEmpty ? "A response" : "The response to \(url)"
            return "\(target) is unusable: \(reason)."
        case .invalidRecord(let reason):
            return "An API record was skipped: \(reason)."
        case .invalidInput(let message):
            return message
        case .io(let path, let message):
            return "Could not access \(path): \(message)."
        case .cancelled:
            return "The operation was cancelled."
        }
    }

    /// The same error with `url` filled in when it is an ``invalidResponse(url:reason:)`` without one
    /// (the parser does not know which request its bytes came from).
    func located(at url: String) -> FetchError {
        if case .invalidResponse(let old, let reason) = self, old.isEmpty {
            return .invalidResponse(url: url, reason: reason)
        }
        return self
    }

    /// `text` shortened to at most `limit` characters and escaped for display in an error message
    /// (control and non-ASCII characters shown as `\u{…}`), so hostile values cannot forge log lines.
    static func quoted(_ text: String, limit: Int = 40) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            out += scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F
                ? String(scalar) : scalar.escaped(asASCII: true)
            count += 1
        }
        return "\"" + out + "\""
    }
}
