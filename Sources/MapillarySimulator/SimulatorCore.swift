import Foundation
import NIOCore
import NIOHTTP1
import NIOConcurrencyHelpers

/// The simulator's shared engine: the immutable world and its indexes, the URL signer, the JPEG factory, and the
/// mutable counters behind one lock. Request handlers on any event loop call into it.
final class SimulatorCore: Sendable {
    /// Which listener a request arrived on.
    enum Role: Sendable {
        case graph
        case cdn
    }

    let configuration: SimulatorConfiguration
    let world: SimulatedWorld
    let signer: ThumbnailSigner
    let jpegs: JPEGFactory
    let state = NIOLockedValueBox(SimulatorState())
    /// Image id → index in `world.images`.
    let byID: [String: Int]
    /// Sequence key → indexes in capture order.
    let bySequence: [String: [Int]]
    /// Creator username → indexes, newest `captured_at` first.
    let byCreator: [String: [Int]]

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        let world = WorldGenerator(seed: configuration.seed, spec: configuration.world,
                                   hostile: configuration.faults.hostile).generate()
        self.world = world
        signer = ThumbnailSigner(seed: configuration.seed)
        jpegs = JPEGFactory(quality: configuration.world.servedQuality)
        var byID: [String: Int] = [:]
        var bySequence: [String: [Int]] = [:]
        var byCreator: [String: [Int]] = [:]
        for (index, image) in world.images.enumerated() {
            byID[image.id] = index
            bySequence[image.sequence, default: []].append(index)
            byCreator[image.creator, default: []].append(index)
        }
        for key in bySequence.keys {
            bySequence[key]?.sort { world.images[$0].sequenceIndex < world.images[$1].sequenceIndex }
        }
        for key in byCreator.keys {
            byCreator[key]?.sort {
                let a = world.images[$0], b = world.images[$1]
                return a.capturedAt != b.capturedAt ? a.capturedAt > b.capturedAt : a.id > b.id
            }
        }
        self.byID = byID
        self.bySequence = bySequence
        self.byCreator = byCreator
    }

    var graphBase: String { "http://127.0.0.1:\(state.withLockedValue { $0.graphPort })" }
    var cdnBase: String { "http://127.0.0.1:\(state.withLockedValue { $0.cdnPort })" }

    /// The image a CDN or `jpegBytes` id names; the injected traversal id serves like its hostile carrier.
    func image(forServedID id: String) -> SimulatedImage? {
        if let index = byID[id] { return world.images[index] }
        if id == HostileKind.traversalID {
            return world.images.first { $0.hostileKind == .pathTraversalID }
        }
        return nil
    }

    /// Pixel size of `image` at a resolution name (`original`, `2048`, `1024`, `256`); nil for other names.
    func servedSize(_ image: SimulatedImage, resolution: String) -> (width: Int, height: Int)? {
        if resolution == "original" { return (image.servedWidth, image.servedHeight) }
        guard ThumbnailSigner.resolutions.contains(where: { $0.name == resolution }), let cap = Int(resolution) else {
            return nil
        }
        let width = min(cap, image.servedWidth)
        return (width, max(1, image.servedHeight * width / max(1, image.servedWidth)))
    }

    /// The served file for an image and resolution, as buffers in order.
    func jpegParts(id: String, resolution: String) -> [ByteBuffer]? {
        guard let image = image(forServedID: id), let size = servedSize(image, resolution: resolution) else {
            return nil
        }
        return jpegs.parts(width: size.width, height: size.height, id: id, resolution: resolution,
                           gpano: image.hasGPano)
    }

    /// Encodes every base image the world needs, so no request pays for it on an event loop.
    func prewarm() {
        var sizes = Set<[Int]>()
        for image in world.images {
            for resolution in ThumbnailSigner.resolutions {
                if let size = servedSize(image, resolution: resolution.name) { sizes.insert([size.width, size.height]) }
            }
        }
        for size in sizes { _ = jpegs.base(width: size[0], height: size[1]) }
    }

    /// A request starts on a listener.
    func begin(_ role: Role) {
        state.withLockedValue { s in
            switch role {
            case .graph:
                s.currentGraph += 1
                s.statistics.maxConcurrentGraph = max(s.statistics.maxConcurrentGraph, s.currentGraph)
            case .cdn:
                s.currentCDN += 1
                s.statistics.maxConcurrentCDN = max(s.statistics.maxConcurrentCDN, s.currentCDN)
            }
        }
    }

    /// A request's answer has been written (or its connection closed).
    func finish(_ role: Role) {
        state.withLockedValue { s in
            switch role {
            case .graph: s.currentGraph = max(0, s.currentGraph - 1)
            case .cdn: s.currentCDN = max(0, s.currentCDN - 1)
            }
        }
    }

    /// Counts body bytes written by the CDN.
    func addCDNBytes(_ count: Int) {
        state.withLockedValue { $0.statistics.cdnBytes += count }
    }

    /// Dispatches a complete request head to the listener's logic.
    func reply(to head: HTTPRequestHead, role: Role) -> SimReply {
        switch role {
        case .graph: graphReply(to: head)
        case .cdn: cdnReply(to: head)
        }
    }

    /// A renderer for JSON answers made now.
    func renderer() -> ImageRenderer {
        ImageRenderer(seed: configuration.seed, signer: signer, cdnBase: cdnBase,
                      now: Date().timeIntervalSince1970, ttl: configuration.faults.urlTTL)
    }
}
