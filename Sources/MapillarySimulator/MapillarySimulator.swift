import NIOCore
import NIOHTTP1
import NIOPosix
import NIOConcurrencyHelpers

/// A fake Mapillary on 127.0.0.1: a Graph API (`graphURL`) and, on a second port (a different origin), a CDN
/// (`cdnURL`) serving signed, expiring thumbnail URLs. Behaves like reference `mapillary-api-v4.md`, quirks
/// included (bbox sampling without cursor, the area limit, error envelopes with odd statuses, large ids, missing
/// `thumb_original_url`, mislabelled panoramas), with deterministic fault injection from a ``FaultPlan``.
///
/// ```swift
/// let simulator = MapillarySimulator(SimulatorConfiguration(seed: 7))
/// try await simulator.start()
/// defer { Task { try await simulator.shutdown() } }
/// // GET \(simulator.graphURL)/images?bbox=…  with  Authorization: OAuth \(MapillarySimulator.defaultToken)
/// ```
public final class MapillarySimulator: Sendable {
    /// The token a default simulator accepts (`MLY|<app id>|<32 hex>`, like a real client token).
    public static let defaultToken = "MLY|4242|0123456789abcdef0123456789abcdef"

    private struct Runtime: Sendable {
        var group: MultiThreadedEventLoopGroup?
        var channels: [any Channel] = []
    }

    let core: SimulatorCore
    private let runtime = NIOLockedValueBox(Runtime())

    /// Generates the world (deterministic from the configuration); nothing listens until ``start(graphPort:cdnPort:)``.
    public init(_ configuration: SimulatorConfiguration) {
        core = SimulatorCore(configuration: configuration)
    }

    /// The configuration this simulator was made with.
    public var configuration: SimulatorConfiguration { core.configuration }

    /// The ground truth: every image, as the API and CDN present it.
    public var world: SimulatedWorld { core.world }

    /// `http://127.0.0.1:P` of the Graph API (port 0 before ``start(graphPort:cdnPort:)``).
    public var graphURL: String { core.graphBase }

    /// `http://127.0.0.1:Q` of the CDN, a different port (origin) than ``graphURL``.
    public var cdnURL: String { core.cdnBase }

    /// Encodes the JPEG bases, binds both listeners on 127.0.0.1 (port 0 picks a free port) and starts serving.
    /// - Throws: `IOError`/`NIO` errors when a port cannot be bound; a started simulator must not be started again.
    public func start(graphPort: Int = 0, cdnPort: Int = 0) async throws {
        core.prewarm()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        do {
            let graph = try await bind(group: group, port: graphPort, role: .graph)
            let cdn: any Channel
            do {
                cdn = try await bind(group: group, port: cdnPort, role: .cdn)
            } catch {
                try? await graph.close()
                throw error
            }
            core.state.withLockedValue { s in
                s.graphPort = graph.localAddress?.port ?? 0
                s.cdnPort = cdn.localAddress?.port ?? 0
            }
            runtime.withLockedValue { r in
                r.group = group
                r.channels = [graph, cdn]
            }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func bind(group: MultiThreadedEventLoopGroup, port: Int, role: SimulatorCore.Role) async throws
        -> any Channel
    {
        let core = self.core
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SimHTTPHandler(core: core, role: role))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
    }

    /// Stops listening, closes open connections and shuts the event loops down. Safe to call twice.
    public func shutdown() async throws {
        let (group, channels) = runtime.withLockedValue { r in
            let taken = (r.group, r.channels)
            r.group = nil
            r.channels = []
            return taken
        }
        for channel in channels { try? await channel.close() }
        try await group?.shutdownGracefully()
    }

    /// A snapshot of what the simulator has seen.
    public func statistics() -> SimulatorStatistics {
        core.state.withLockedValue { $0.statistics }
    }

    /// Clears the statistics (fault schedules keep counting, so they stay deterministic).
    public func resetStatistics() {
        core.state.withLockedValue { $0.statistics = SimulatorStatistics() }
    }

    /// Exactly the bytes the CDN serves for `id` at `resolution` (`original`, `2048`, `1024` or `256`), for tests
    /// comparing hashes; nil for an unknown id or resolution.
    public func jpegBytes(for id: String, resolution: String) -> [UInt8]? {
        guard let parts = core.jpegParts(id: id, resolution: resolution) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.readableBytes })
        for part in parts { bytes += part.readableBytesView }
        return bytes
    }

    /// The pixel size served for `id` at `resolution`, or nil for an unknown id or resolution.
    public func servedSize(for id: String, resolution: String) -> (width: Int, height: Int)? {
        guard let image = core.image(forServedID: id) else { return nil }
        return core.servedSize(image, resolution: resolution)
    }
}
