import Fetch
import Foundation
import MapillarySimulator

/// The JSON ground truth `--truth` writes: the world as the simulator knows it, for scripts and demos.
struct GroundTruth: Encodable {
    /// Area of the world, `[W, S, E, N]`.
    var area: [Double]
    var seed: UInt64
    var graphURL: String
    var cdnURL: String
    /// Ids a correct client downloads by default (labelled 360, not hostile), sorted.
    var panoramaIDs: [String]
    /// Every sequence key.
    var sequences: [String]
    /// Every image.
    var images: [SimulatedImage]

    init(simulator: MapillarySimulator) {
        let world = simulator.world
        let box = simulator.configuration.world.area
        area = [box.minLon, box.minLat, box.maxLon, box.maxLat]
        seed = simulator.configuration.seed
        graphURL = simulator.graphURL
        cdnURL = simulator.cdnURL
        panoramaIDs = world.panoramas.map(\.id).sorted()
        sequences = world.sequenceKeys
        images = world.images
    }

    /// Writes atomically (Fetch's ``Fetch/AtomicFile``: a temporary file beside `path`, fsync, rename).
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write([UInt8](try encoder.encode(self)), to: path)
    }
}
