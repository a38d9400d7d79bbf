/// The Facebook-Graph-style error body: `{"error":{"message":…,"type":…,"code":…,"error_subcode":…,
/// "is_transient":…}}` (reference §10.2).
///
/// Parsing is total: a body that is not JSON or has no `error` object yields `nil` ("unparseable" is
/// its own class for the retry policy), and members of the wrong type read as absent.
public struct GraphErrorEnvelope: Sendable, Equatable {
    /// `error.code` (190 auth, 100 invalid parameter / not found, -2 timeout, 4 rate limit, 1/2 transient…).
    public var code: Int?
    /// `error.error_subcode` (33 not found, 3404014 query timeout…).
    public var subcode: Int?
    /// `error.message`, possibly empty.
    public var message: String
    /// `error.type` (`OAuthException`, `MLYApiException`…).
    public var type: String?
    /// `error.is_transient`, which Mapillary sets wrongly for timeouts (reference §10.2 row 7).
    public var isTransient: Bool?

    /// Creates an envelope.
    /// - Parameters:
    ///   - code: The error code.
    ///   - subcode: The error subcode.
    ///   - message: The message.
    ///   - type: The error type.
    ///   - isTransient: The transient flag.
    public init(code: Int? = nil, subcode: Int? = nil, message: String = "", type: String? = nil, isTransient: Bool? = nil) {
        self.code = code
        self.subcode = subcode
        self.message = message
        self.type = type
        self.isTransient = isTransient
    }

    /// Reads the envelope from a response body.
    /// - Parameter body: The raw body.
    /// - Returns: The envelope, or `nil` when the body is not JSON or holds no `error` object.
    public static func parse(_ body: [UInt8]) -> GraphErrorEnvelope? {
        guard let document = try? JSONParser.parse(body) else { return nil }
        return GraphErrorEnvelope(document: document)
    }

    /// Reads the envelope from a parsed body; `nil` when it holds no `error` object.
    /// - Parameter document: The parsed body.
    public init?(document: JSONValue) {
        guard let error = document["error"], case .object = error else { return nil }
        func integer(_ value: JSONValue?) -> Int? {
            if let number = value?.int64Value { return Int(exactly: number) }
            if let text = value?.stringValue, let number = Int(text) { return number }
            return nil
        }
        self.init(
            code: integer(error["code"]),
            subcode: integer(error["error_subcode"]),
            message: String((error["message"]?.stringValue ?? "").prefix(500)),
            type: error["type"]?.stringValue,
            isTransient: error["is_transient"]?.boolValue)
    }
}
