import NIOCore
import NIOHTTP1

/// One HTTP answer of the simulator, and how to deliver it.
struct SimReply: Sendable {
    /// How the body goes on the wire.
    enum Delivery: Sendable, Equatable {
        /// All at once.
        case whole
        /// Headers (with the full Content-Length) and half the body, then the connection is closed.
        case resetHalfway
        /// In small chunks at about this many bytes per second.
        case throttled(bytesPerSecond: Int)
    }

    var status: HTTPResponseStatus
    var headers: [(String, String)]
    var body: [ByteBuffer]
    var delivery: Delivery = .whole
    /// For CDN answers: the image whose bytes these are (for statistics), if any.
    var isImage = false

    var contentLength: Int { body.reduce(0) { $0 + $1.readableBytes } }

    /// A text or JSON answer.
    static func text(_ status: HTTPResponseStatus, _ text: String, contentType: String,
                     headers: [(String, String)] = []) -> SimReply {
        SimReply(status: status, headers: [("Content-Type", contentType)] + headers, body: [ByteBuffer(string: text)])
    }

    /// A 200 JSON answer.
    static func json(_ text: String) -> SimReply {
        .text(.ok, text, contentType: "application/json; charset=UTF-8")
    }
}
