import Foundation

/// Makes and checks the simulator's signed, expiring CDN URLs, shaped like fbcdn's:
/// `<cdn>/m1/v/t6/<opaque>?ccb=10-5&oh=00_<signature>&oe=<hex expiry>&_nc_sid=<6 hex>`.
///
/// `<opaque>` encodes the image id and resolution (obfuscated, not secret); `oh` is a keyed hash of the opaque
/// part and `oe`, so changing either invalidates the URL.
struct ThumbnailSigner: Sendable {
    /// The resolutions the API offers, largest first, with their field names.
    static let resolutions: [(field: String, name: String)] = [
        ("thumb_original_url", "original"), ("thumb_2048_url", "2048"),
        ("thumb_1024_url", "1024"), ("thumb_256_url", "256"),
    ]

    /// What a valid URL names.
    struct Target: Sendable, Equatable {
        var id: String
        var resolution: String
    }

    /// Why a URL is refused.
    enum Refusal: Error, Sendable, Equatable {
        /// Not a `/m1/v/t6/…` path, or an undecodable opaque part.
        case malformed
        /// The signature does not match.
        case badHash
        /// The signature matches but `oe` has passed.
        case expired
    }

    private let secret: UInt64
    private let keystream: [UInt8]

    init(seed: UInt64) {
        secret = StableHash.hash("cdn-secret", seed: seed)
        var rng = SeededGenerator(seed: seed, "opaque-keystream")
        keystream = (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    /// A signed URL for `id` at `resolution` that expires `ttl` after `now` (seconds since the epoch).
    func url(base: String, id: String, resolution: String, now: Double, ttl: Duration) -> String {
        let opaque = self.opaque(id: id, resolution: resolution)
        let ttlSeconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) * 1e-18
        let expiry = ttlSeconds > 0 ? Int64((now + ttlSeconds).rounded(.up)) : Int64(now.rounded(.down))
        let oe = String(UInt64(max(0, expiry)), radix: 16, uppercase: true)
        let sid = String(StableHash.hash(resolution, seed: secret) % 0xFFFFFF, radix: 16)
        let paddedSid = String(repeating: "0", count: 6 - sid.count) + sid
        return "\(base)/m1/v/t6/\(opaque)?ccb=10-5&oh=00_\(signature(opaque: opaque, oe: oe))&oe=\(oe)&_nc_sid=\(paddedSid)"
    }

    /// Checks a CDN request target and returns what it names.
    func verify(path: String, parameters: [String: String], now: Double) -> Result<Target, Refusal> {
        let prefix = "/m1/v/t6/"
        guard path.hasPrefix(prefix) else { return .failure(.malformed) }
        let opaque = String(path.dropFirst(prefix.count))
        guard let target = decode(opaque: opaque) else { return .failure(.malformed) }
        guard let oh = parameters["oh"], let oe = parameters["oe"],
              oh == "00_" + signature(opaque: opaque, oe: oe) else { return .failure(.badHash) }
        guard let expiry = UInt64(oe, radix: 16), now < Double(expiry) else { return .failure(.expired) }
        return .success(target)
    }

    private func opaque(id: String, resolution: String) -> String {
        let payload = Array("\(resolution)|\(id)".utf8)
        let masked = payload.enumerated().map { $0.element ^ keystream[$0.offset % keystream.count] }
        return "An" + Self.base64url(masked)
    }

    private func decode(opaque: String) -> Target? {
        guard opaque.hasPrefix("An"), let masked = Self.unbase64url(String(opaque.dropFirst(2))) else { return nil }
        let payload = masked.enumerated().map { $0.element ^ keystream[$0.offset % keystream.count] }
        guard let text = String(bytes: payload, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return Target(id: String(parts[1]), resolution: String(parts[0]))
    }

    /// A 128-bit keyed hash of `opaque|oe`, base64url.
    private func signature(opaque: String, oe: String) -> String {
        let message = opaque + "|" + oe
        let a = StableHash.hash(message, seed: secret)
        let b = StableHash.hash(message, seed: secret ^ a)
        var bytes: [UInt8] = []
        for word in [a, b] { for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) } }
        return Self.base64url(bytes)
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { Array($0) }
    }
}
