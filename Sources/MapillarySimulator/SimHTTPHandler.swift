import NIOCore
import NIOHTTP1

/// One connection of either listener: collects a request, asks the core for the answer, and delivers it after
/// the configured latency, whole, throttled, or cut halfway (connection reset). Runs entirely on its channel's
/// event loop; delays are scheduled, never slept.
final class SimHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: SimulatorCore
    private let role: SimulatorCore.Role
    private var head: HTTPRequestHead?
    /// Whether a request is between `begin` and `finish` (so closing the connection finishes it once).
    private var inFlight = false

    init(core: SimulatorCore, role: SimulatorCore.Role) {
        self.core = core
        self.role = role
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            inFlight = true
            core.begin(role)
            let reply = core.reply(to: head, role: role)
            let keepAlive = head.isKeepAlive
            let latency = core.configuration.faults.latency
            if latency > .zero {
                let nanos = latency.components.seconds * 1_000_000_000 + latency.components.attoseconds / 1_000_000_000
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) {
                    self.deliver(reply, keepAlive: keepAlive, context: context)
                }
            } else {
                deliver(reply, keepAlive: keepAlive, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        end()
        context.close(promise: nil)
    }

    private func end() {
        if inFlight {
            inFlight = false
            core.finish(role)
        }
    }

    private func deliver(_ reply: SimReply, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return end() }
        var headers = HTTPHeaders(reply.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(reply.contentLength))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))),
                      promise: nil)
        switch reply.delivery {
        case .whole:
            for part in reply.body { write(part, reply: reply, context: context) }
            complete(keepAlive: keepAlive, context: context)
        case .resetHalfway:
            var remaining = reply.contentLength / 2
            for part in reply.body where remaining > 0 {
                let length = min(remaining, part.readableBytes)
                if let slice = part.getSlice(at: part.readerIndex, length: length) { write(slice, reply: reply, context: context) }
                remaining -= length
            }
            context.flush()
            end()
            context.close(promise: nil)
        case .throttled(let rate):
            var pending = ByteBuffer()
            for part in reply.body { var copy = part; pending.writeBuffer(&copy) }
            context.flush()
            let chunk = max(1, rate / 20)
            trickle(pending, chunk: chunk, reply: reply, keepAlive: keepAlive, context: context)
        }
    }

    /// Writes `chunk` bytes every 50 ms until the body is out.
    private func trickle(_ body: ByteBuffer, chunk: Int, reply: SimReply, keepAlive: Bool,
                         context: ChannelHandlerContext) {
        guard context.channel.isActive else { return end() }
        var body = body
        guard let slice = body.readSlice(length: min(chunk, body.readableBytes)), slice.readableBytes > 0 else {
            return complete(keepAlive: keepAlive, context: context)
        }
        write(slice, reply: reply, context: context)
        context.flush()
        if body.readableBytes == 0 { return complete(keepAlive: keepAlive, context: context) }
        context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(50)) {
            self.trickle(body, chunk: chunk, reply: reply, keepAlive: keepAlive, context: context)
        }
    }

    private func write(_ part: ByteBuffer, reply: SimReply, context: ChannelHandlerContext) {
        if reply.isImage { core.addCDNBytes(part.readableBytes) }
        context.write(wrapOutboundOut(.body(.byteBuffer(part))), promise: nil)
    }

    private func complete(keepAlive: Bool, context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        end()
        if !keepAlive {
            promise.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
