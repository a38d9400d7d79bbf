import Foundation
import NIOCore
import NIOHTTP1

/// The coverage tile endpoint, `GET /maps/vtp/<tileset>/2/z/x/y?access_token=…` (reference §9):
/// z14 tiles of `mly1_computed_public` (computed positions; images without them are absent) and
/// `mly1_public` (original positions), with an `image` layer (ids as doubles: the 2^53 trap) and a
/// `sequence` layer. Like the real tile host it refuses the `Authorization` header, takes the token
/// only as a query parameter, and can block with a redirect to a login page after
/// ``FaultPlan/tileBlockAfter`` tiles.
extension SimulatorCore {
    /// The tilesets served.
    static let tilesets = ["mly1_computed_public", "mly1_public"]

    func tileReply(to head: HTTPRequestHead, target: RequestTarget) -> SimReply {
        let served = state.withLockedValue { s in
            s.statistics.tileRequests += 1
            return s.statistics.tileRequests
        }
        if head.headers.first(name: "Authorization") != nil {
            state.withLockedValue { $0.statistics.tileAuthorizationHeaders += 1 }
            return .text(.forbidden, #"{"error":{"message":"Forbidden: use access_token","type":"OAuthException","code":190}}"#,
                         contentType: "application/json")
        }
        guard target.parameters["access_token"] == configuration.token else {
            state.withLockedValue { $0.statistics.rejectedTokens += 1 }
            return .text(.unauthorized, #"{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}"#,
                         contentType: "application/json")
        }
        if let after = configuration.faults.tileBlockAfter, served > after {
            state.withLockedValue { $0.statistics.tileBlocksServed += 1 }
            let html = "<!DOCTYPE html><html><head><title>Log in to Mapillary</title></head><body>Log in</body></html>"
            return .text(.found, html, contentType: "text/html; charset=utf-8",
                         headers: [("Location", "https://www.mapillary.com/login?next=%2Fmaps%2Fvtp")])
        }
        let parts = target.path.split(separator: "/").map(String.init)
        guard parts.count == 7, parts[0] == "maps", parts[1] == "vtp", Self.tilesets.contains(parts[2]), parts[3] == "2",
            let z = Int(parts[4]), let x = Int(parts[5]), let y = Int(parts[6]), (0...22).contains(z),
            (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y)
        else {
            return .text(.notFound, "Not Found", contentType: "text/plain")
        }
        state.withLockedValue { $0.statistics.tilesServed += 1 }
        let bytes = z == 14 ? tileBytes(tileset: parts[2], z: z, x: x, y: y) : []
        return SimReply(status: .ok, headers: [("Content-Type", "application/x-protobuf")], body: [ByteBuffer(bytes: bytes)])
    }

    /// The tile's bytes: every image whose position (computed or original, by tileset) lies in it.
    func tileBytes(tileset: String, z: Int, x: Int, y: Int) -> [UInt8] {
        let computed = tileset == "mly1_computed_public"
        let n = Double(1 << z)
        func tilePoint(lon: Double, lat: Double) -> (x: Int32, y: Int32)? {
            let radians = lat * Double.pi / 180
            let fx = (lon + 180) / 360 * n - Double(x)
            let fy = (1 - log(tan(radians) + 1 / cos(radians)) / Double.pi) / 2 * n - Double(y)
            guard (0..<1).contains(fx), (0..<1).contains(fy) else { return nil }
            return (Int32(min(4095, Int(fx * 4096))), Int32(min(4095, Int(fy * 4096))))
        }
        var imageFeatures: [VectorTileEncoder.Feature] = []
        var lines: [String: [(x: Int32, y: Int32)]] = [:]
        var lineOrder: [String] = []
        for image in world.images {
            if computed && image.hostileKind == .missingGeometry { continue }
            guard let numeric = UInt64(image.id),
                let point = computed ? tilePoint(lon: image.lon, lat: image.lat)
                    : tilePoint(lon: image.geometryLon, lat: image.geometryLat)
            else { continue }
            let quality = StableHash.unit(seed: configuration.seed, "quality", image.id)
            imageFeatures.append(VectorTileEncoder.Feature(isLine: false, points: [point], properties: [
                ("id", .double(Double(numeric))),
                ("sequence_id", .string(image.sequence)),
                ("is_pano", .bool(image.isPano)),
                ("captured_at", .int(image.capturedAt)),
                ("compass_angle", .double(image.compassAngle)),
                ("creator_id", .uint(UInt64(image.creatorID) ?? 0)),
                ("quality_score", .double((quality * 100).rounded() / 100)),
            ]))
            if lines[image.sequence] == nil { lineOrder.append(image.sequence) }
            lines[image.sequence, default: []].append(point)
        }
        var sequenceFeatures: [VectorTileEncoder.Feature] = []
        for key in lineOrder {
            guard let indexes = bySequence[key], let first = indexes.first else { continue }
            let head = world.images[first]
            var points = lines[key] ?? []
            if points.count == 1 { points.append(points[0]) }
            sequenceFeatures.append(VectorTileEncoder.Feature(isLine: true, points: points, properties: [
                ("id", .string(key)),
                ("image_id", .uint(UInt64(head.id) ?? 0)),
                ("is_pano", .bool(head.isPano)),
                ("captured_at", .int(head.capturedAt)),
            ]))
        }
        guard !imageFeatures.isEmpty else { return [] }
        return VectorTileEncoder.encode(layers: [("image", imageFeatures), ("sequence", sequenceFeatures)])
    }
}
