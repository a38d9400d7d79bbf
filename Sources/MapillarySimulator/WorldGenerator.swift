import Foundation

/// Lays out a ``SimulatedWorld`` from a seed and a ``WorldSpec``: sequences as random walks inside the area,
/// images a few metres apart, two seconds apart, with the quirks the spec asks for.
struct WorldGenerator {
    let seed: UInt64
    let spec: WorldSpec
    let hostile: Bool

    private static let keyAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    private struct Camera {
        var make: String
        var model: String
        var type: String
    }

    private static let panoCameras = [
        Camera(make: "GoPro", model: "GoPro Max", type: "spherical"),
        Camera(make: "RICOH", model: "RICOH THETA V", type: "spherical"),
        Camera(make: "GoPro", model: "GoPro Max", type: "equirectangular"),
    ]
    private static let flatCameras = [
        Camera(make: "Apple", model: "iPhone 12", type: "perspective"),
        Camera(make: "none", model: "none", type: "perspective"),
        Camera(make: "GoPro", model: "HERO8 Black", type: "fisheye"),
    ]

    func generate() -> SimulatedWorld {
        var rng = SeededGenerator(seed: seed, "world")
        var usedIDs = Set<String>()
        var usedKeys = Set<String>()
        let count = max(0, spec.sequences)
        let panoCount = min(count, max(0, Int((Double(count) * spec.panoFraction).rounded())))
        let panoSequences = Set(Array(0..<count).shuffled(using: &rng).prefix(panoCount))
        var images: [SimulatedImage] = []
        for index in 0..<count {
            let isPano = panoSequences.contains(index)
            let cameras = isPano ? Self.panoCameras : Self.flatCameras
            let camera = cameras[Int(rng.next() % UInt64(cameras.count))]
            let length = Int.random(in: spec.imagesPerSequence.lowerBound...max(spec.imagesPerSequence.lowerBound, spec.imagesPerSequence.upperBound), using: &rng)
            images += makeSequence(index: index, isPano: isPano, camera: camera, length: max(1, length),
                                   rng: &rng, usedIDs: &usedIDs, usedKeys: &usedKeys)
        }
        applyMislabels(&images, rng: &rng)
        applyDoubleTwins(&images, usedIDs: &usedIDs)
        if hostile {
            images += makeHostileSequence(rng: &rng, usedIDs: &usedIDs, usedKeys: &usedKeys)
        }
        return SimulatedWorld(images: images)
    }

    private func makeSequence(
        index: Int, isPano: Bool, camera: Camera, length: Int,
        rng: inout SeededGenerator, usedIDs: inout Set<String>, usedKeys: inout Set<String>
    ) -> [SimulatedImage] {
        let key = uniqueKey(rng: &rng, used: &usedKeys)
        let creators = spec.creators.isEmpty ? ["anonymous"] : spec.creators
        let creator = creators[index % creators.count]
        let creatorID = String(100_000_000_000_000 + StableHash.hash(creator, seed: seed) % 899_999_999_999_999)
        let area = spec.area
        let width = area.maxLon - area.minLon, height = area.maxLat - area.minLat
        var lon = area.minLon + width * (0.05 + 0.9 * rng.unit())
        var lat = area.minLat + height * (0.05 + 0.9 * rng.unit())
        var heading = rng.unit() * 2 * Double.pi
        let cosLat = max(0.1, cos(lat * Double.pi / 180))
        let span = max(1, spec.captureEnd.timeIntervalSince1970 - spec.captureStart.timeIntervalSince1970 - Double(length) * 3)
        var time = Int64((spec.captureStart.timeIntervalSince1970 + rng.unit() * span) * 1000)
        var result: [SimulatedImage] = []
        for position in 0..<length {
            let id = uniqueID(rng: &rng, used: &usedIDs)
            let jitterLon = (rng.unit() - 0.5) * 0.00008 / cosLat
            let jitterLat = (rng.unit() - 0.5) * 0.00008
            let servedW = isPano ? spec.servedPanoWidth : spec.servedFlatWidth
            result.append(SimulatedImage(
                id: id, sequence: key, lon: lon, lat: lat, geometryLon: lon + jitterLon, geometryLat: lat + jitterLat,
                capturedAt: time, isPano: isPano, cameraType: camera.type, make: camera.make, model: camera.model,
                compassAngle: ((heading * 180 / Double.pi).truncatingRemainder(dividingBy: 360) + 360)
                    .truncatingRemainder(dividingBy: 360),
                creator: creator, creatorID: creatorID,
                width: isPano ? spec.apiPanoWidth : 4000, height: isPano ? spec.apiPanoHeight : 3000,
                servedWidth: servedW, servedHeight: isPano ? servedW / 2 : servedW * 3 / 4,
                hasOriginalURL: rng.unit() >= spec.missingOriginalFraction,
                hasGPano: isPano && rng.unit() < spec.gpanoFraction,
                mislabelled: false, hostile: false, hostileKind: nil, sequenceIndex: position))
            // Walk 5–10 m, turning gently; bounce off the area's edges.
            heading += (rng.unit() - 0.5) * 0.6
            let step = 0.00005 + rng.unit() * 0.00004
            var nextLon = lon + cos(heading) * step / cosLat
            var nextLat = lat + sin(heading) * step
            if !area.contains(lon: nextLon, lat: nextLat) {
                heading += Double.pi
                nextLon = lon + cos(heading) * step / cosLat
                nextLat = lat + sin(heading) * step
                if !area.contains(lon: nextLon, lat: nextLat) { nextLon = lon; nextLat = lat }
            }
            lon = nextLon
            lat = nextLat
            time += 2000 + Int64(rng.next() % 1000)
        }
        return result
    }

    /// Marks `mislabelledCount` panoramas as served 4:3 and as many flat images as served 2:1.
    private func applyMislabels(_ images: inout [SimulatedImage], rng: inout SeededGenerator) {
        guard spec.mislabelledCount > 0 else { return }
        let panos = images.indices.filter { images[$0].isPano }.shuffled(using: &rng).prefix(spec.mislabelledCount)
        for i in panos {
            images[i].mislabelled = true
            images[i].hasGPano = false
            images[i].servedHeight = images[i].servedWidth * 3 / 4
        }
        let flats = images.indices.filter { !images[$0].isPano }.shuffled(using: &rng).prefix(spec.mislabelledCount)
        for i in flats {
            images[i].mislabelled = true
            images[i].servedWidth = spec.servedPanoWidth
            images[i].servedHeight = spec.servedPanoWidth / 2
        }
    }

    /// Gives `doubleIDTwins` flat images the id that a large panorama id rounds to as a double.
    private func applyDoubleTwins(_ images: inout [SimulatedImage], usedIDs: inout Set<String>) {
        guard spec.doubleIDTwins > 0 else { return }
        var flats = images.indices.filter { !images[$0].isPano && !images[$0].mislabelled }[...]
        var made = 0
        for i in images.indices where made < spec.doubleIDTwins && images[i].isPano && !images[i].mislabelled {
            guard let value = UInt64(images[i].id), value > 1 << 53 else { continue }
            let rounded = UInt64(Double(value))
            let twin = String(rounded)
            guard rounded != value, !usedIDs.contains(twin), let flat = flats.popFirst() else { continue }
            usedIDs.remove(images[flat].id)
            usedIDs.insert(twin)
            images[flat].id = twin
            made += 1
        }
    }

    /// One extra 360 sequence: two ordinary panoramas followed by one hostile record of each kind.
    private func makeHostileSequence(
        rng: inout SeededGenerator, usedIDs: inout Set<String>, usedKeys: inout Set<String>
    ) -> [SimulatedImage] {
        let kinds = HostileKind.allCases
        var images = makeSequence(index: 0, isPano: true, camera: Self.panoCameras[0], length: 2 + kinds.count,
                                  rng: &rng, usedIDs: &usedIDs, usedKeys: &usedKeys)
        for (offset, kind) in kinds.enumerated() {
            let i = 2 + offset
            images[i].hostile = true
            images[i].hostileKind = kind
            if kind == .absurdSize {
                images[i].width = 999_999_999
                images[i].height = 999_999_999
            }
        }
        return images
    }

    private func uniqueID(rng: inout SeededGenerator, used: inout Set<String>) -> String {
        while true {
            let large = rng.unit() < spec.largeIdFraction
            // Ordinary ids: 15–16 digits below 2^53. Large ids: 17 digits, all above 2^53.
            let value = large
                ? 10_000_000_000_000_000 + rng.next() % 89_999_999_999_999_999
                : 100_000_000_000_000 + rng.next() % 8_907_199_254_740_991
            let id = String(value)
            if used.insert(id).inserted { return id }
        }
    }

    private func uniqueKey(rng: inout SeededGenerator, used: inout Set<String>) -> String {
        while true {
            let key = String((0..<22).map { _ in Self.keyAlphabet[Int(rng.next() % UInt64(Self.keyAlphabet.count))] })
            if used.insert(key).inserted { return key }
        }
    }
}
