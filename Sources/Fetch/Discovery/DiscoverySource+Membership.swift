import Foundation

extension DiscoverySource {
    /// A stable text naming this source, for the record of when its discovery last ran
    /// (for example `bbox -102.4486000,44.0658000,-102.4386000,44.0758000`).
    public var key: String {
        switch self {
        case .bbox(let box): return "bbox \(box)"
        case .boxes(let boxes): return "bbox " + boxes.map(\.description).joined(separator: " + ")
        case .polygon(let polygon): return "polygon \(polygon.boundingBox) (\(polygon.partCount) part\(polygon.partCount == 1 ? "" : "s"))"
        case .sequences(let keys): return "sequences " + keys.sorted().joined(separator: ",")
        case .images(let ids): return "images " + ids.sorted().joined(separator: ",")
        case .creator(let name): return "creator " + name
        }
    }

    /// Whether a stored image belongs to this source: inside the box or polygon (by the position the CSV
    /// uses), of one of the sequences, one of the ids, or uploaded by the creator. With the run's filter
    /// this tells which of a folder's images the current run is about, whichever run discovered them.
    /// - Parameter image: An image as stored.
    public func includes(_ image: MapillaryImage) -> Bool {
        switch self {
        case .bbox(let box):
            guard let point = image.coordinate else { return false }
            return box.contains(lon: point.longitude, lat: point.latitude)
        case .boxes(let boxes):
            guard let point = image.coordinate else { return false }
            return boxes.contains { $0.contains(lon: point.longitude, lat: point.latitude) }
        case .polygon(let polygon):
            guard let point = image.coordinate else { return false }
            return polygon.contains(lon: point.longitude, lat: point.latitude)
        case .sequences(let keys):
            return image.sequence.map(keys.contains) ?? false
        case .images(let ids):
            return ids.contains(image.id)
        case .creator(let name):
            guard case .string(let username)? = image["creator"]?["username"] else { return false }
            return username.caseInsensitiveCompare(name) == .orderedSame
        }
    }
}
