/// The ground truth of a simulator: every image, in sequence capture order.
public struct SimulatedWorld: Sendable {
    /// All images, grouped by sequence, each sequence in capture order.
    public var images: [SimulatedImage]

    /// Creates a world from its images.
    public init(images: [SimulatedImage]) {
        self.images = images
    }

    /// Images whose `computed_geometry` lies in `box` (images without geometry excluded).
    public func images(in box: SimBox) -> [SimulatedImage] {
        images.filter { $0.hostileKind != .missingGeometry && box.contains(lon: $0.lon, lat: $0.lat) }
    }

    /// What a correct client downloads by default: images labelled 360 (`is_pano` true or camera type
    /// spherical/equirectangular), hostile records excluded. Includes the mislabelled 4:3 "panorama".
    public var panoramas: [SimulatedImage] {
        images.filter { $0.isPanoramaByLabel && !$0.hostile }
    }

    /// The images of one sequence in capture order; empty for an unknown key.
    public func sequence(_ key: String) -> [SimulatedImage] {
        images.filter { $0.sequence == key }.sorted { $0.sequenceIndex < $1.sequenceIndex }
    }

    /// The images of one creator (by username), in world order.
    public func images(creator: String) -> [SimulatedImage] {
        images.filter { $0.creator == creator }
    }

    /// Every sequence key, in world order.
    public var sequenceKeys: [String] {
        var seen = Set<String>()
        return images.compactMap { seen.insert($0.sequence).inserted ? $0.sequence : nil }
    }

    /// The image with this id, if any.
    public func image(id: String) -> SimulatedImage? {
        images.first { $0.id == id }
    }
}
