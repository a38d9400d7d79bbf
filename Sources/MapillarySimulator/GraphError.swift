import NIOHTTP1

/// The error answers of the simulated Graph API, shaped like Meta Graph envelopes (reference §10.2).
enum GraphError: Error, Sendable {
    /// No token at all: HTTP 500, `MLYApiException` 190.
    case missingToken
    /// A token in the header that is not `MLY|digits|32 hex`: HTTP 401 "Failed to decode".
    case malformedToken
    /// A well-formed token that is not the configured one: HTTP 401 (header) or 400 (query).
    case wrongToken(inQuery: Bool)
    /// An unknown field name: HTTP 400, code 100.
    case unknownField(String)
    /// A bad parameter value or an unsupported request: HTTP 400, code 100.
    case invalidParameter(String)
    /// The request matches no endpoint: HTTP 400, code 100.
    case unsupported
    /// Unknown or malformed id: HTTP 400, code 100, subcode 33.
    case notFound(String)
    /// Bbox of 0.01 deg² or more: HTTP 500, code 1.
    case reduceData
    /// Query timeout: HTTP 400, code -2, subcode 3404014.
    case timeout
    /// Backend hiccup: HTTP 500 `MLYApiException` "temporarily unavailable".
    case temporarilyUnavailable
    /// Rate limited: HTTP 429 with `Retry-After: 1`; JSON (code 4) or an XML body.
    case rateLimited(xml: Bool)

    /// The HTTP status.
    var status: HTTPResponseStatus {
        switch self {
        case .missingToken, .reduceData, .temporarilyUnavailable: .internalServerError
        case .malformedToken: .unauthorized
        case .wrongToken(let inQuery): inQuery ? .badRequest : .unauthorized
        case .unknownField, .invalidParameter, .unsupported, .notFound, .timeout: .badRequest
        case .rateLimited: .tooManyRequests
        }
    }

    /// The body and its content type; `traceID` fills `fbtrace_id`.
    func body(traceID: String) -> (contentType: String, text: String) {
        let trace = ("fbtrace_id", JSONText.string(traceID))
        func envelope(_ members: [(String, String)]) -> (String, String) {
            ("application/json; charset=UTF-8", JSONText.object([("error", JSONText.object(members + [trace]))]))
        }
        let s = JSONText.string
        switch self {
        case .missingToken:
            return envelope([("message", s("Invalid OAuth 2.0 Access Token")), ("type", s("MLYApiException")),
                             ("code", "190"), ("error_data", "{}")])
        case .malformedToken:
            return envelope([("message", s("Failed to decode")), ("type", s("OAuthException")), ("code", "190")])
        case .wrongToken:
            return envelope([("message", s("Error validating application")), ("type", s("OAuthException")),
                             ("code", "190")])
        case .unknownField(let name):
            return envelope([("message", s("(#100) Tried accessing nonexisting field (\(name))")),
                             ("type", s("OAuthException")), ("code", "100")])
        case .invalidParameter(let what):
            return envelope([("message", s("(#100) \(what)")), ("type", s("OAuthException")), ("code", "100")])
        case .unsupported:
            return envelope([("message", s("Unsupported get request.")), ("type", s("MLYApiException")),
                             ("code", "100")])
        case .notFound(let id):
            return envelope([
                ("message", s("Unsupported get request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation")),
                ("type", s("MLYApiException")), ("code", "100"), ("error_subcode", "33"),
            ])
        case .reduceData:
            return envelope([("message", s("Please reduce the amount of data you're asking for, then retry your request")),
                             ("code", "1"), ("type", s("OAuthException"))])
        case .timeout:
            return envelope([
                ("message", s("Timeout")), ("type", s("OAuthException")), ("code", "-2"),
                ("error_subcode", "3404014"), ("is_transient", "false"), ("error_user_title", s("Query Timeout")),
                ("error_user_msg", s("The query took too long to complete. Please try again later or narrow your query.")),
            ])
        case .temporarilyUnavailable:
            return envelope([("message", s("temporarily unavailable")), ("type", s("MLYApiException")), ("code", "2"),
                             ("is_transient", "true")])
        case .rateLimited(let xml):
            if xml {
                return ("text/xml; charset=UTF-8",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>TooManyRequests</Code><Message>Rate limit exceeded</Message></Error>\n")
            }
            return envelope([("message", s("(#4) Application request limit reached")), ("type", s("OAuthException")),
                             ("code", "4"), ("is_transient", "true")])
        }
    }
}
