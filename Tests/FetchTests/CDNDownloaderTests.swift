import Crypto
@testable import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("CDNDownloader against the simulator's CDN")
struct CDNDownloaderTests {
    /// The signed original (or 2048) URL of `id`, fresh from the simulator's Graph API.
    static func url(of id: String, _ simulator: MapillarySimulator) async throws -> (url: String, resolution: String) {
        let http = GraphClient.makeHTTPClient()
        let client = GraphClient(baseURL: simulator.graphURL, token: MapillarySimulator.defaultToken, httpClient: http,
                                 retry: .fast())
        let fetched = try? await client.image(id: id, fields: ImageFields.thumbnails)
        try await http.shutdown()
        let image = try #require(fetched ?? nil)
        if let url = image.thumbnailURL(.original) { return (url, "original") }
        return (try #require(image.thumbnailURL(.r2048)), "2048")
    }

    static let fast = CDNDownloader.Configuration(backoffBase: .milliseconds(1), backoffCap: .milliseconds(5))

    @Test("a download is byte-identical, hashed while streaming, and leaves no .part")
    func download() async throws {
        try await DownloadFixture.with { simulator, out in
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let id = try #require(simulator.world.panoramas.first?.id)
            let (url, resolution) = try await Self.url(of: id, simulator)
            let cdn = CDNDownloader(configuration: Self.fast, forbidding: MapillarySimulator.defaultToken)
            let outcome = await cdn.download(id: id, from: url, into: out)
            await cdn.shutdown()
            let served = try #require(simulator.jpegBytes(for: id, resolution: resolution))
            let digest = SHA256.hash(data: served).map { String(format: "%02x", $0) }.joined()
            #expect(outcome == .downloaded(bytes: Int64(served.count), sha256: digest))
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(out)/\(id).jpg"))) == served)
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(id).jpg.part"))
            #expect(simulator.statistics().authorizationHeadersSeenByCDN == 0)
            #expect(simulator.statistics().tokenSeenByCDN == 0)
        }
    }

    @Test("hostile ids are refused before any path is formed", arguments: [
        "../../etc/passwd", "", "12a", "/etc/x", "123456789012345678901", "１２３", "1 2", "..",
    ])
    func hostileID(_ id: String) async throws {
        let folder = try DownloadFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cdn = CDNDownloader(configuration: Self.fast, forbidding: nil)
        let outcome = await cdn.download(id: id, from: "http://127.0.0.1:9/x.jpg", into: folder)
        await cdn.shutdown()
        guard case .failed(let reason) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(reason == .invalidID(id))
        #expect(reason.description.hasPrefix("invalid id: "))
        #expect(reason.category == "invalid id")
        #expect(!reason.isTransient)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a URL carrying the token, or a non-http URL, is never requested")
    func refusedURLs() async throws {
        try await DownloadFixture.with { simulator, out in
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let token = MapillarySimulator.defaultToken
            let encoded = try #require(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let cdn = CDNDownloader(configuration: Self.fast, forbidding: token)
            let expected: [(String, DownloadFailure)] = [
                ("\(simulator.cdnURL)/x?access_token=\(token)", .tokenInURL), ("\(simulator.cdnURL)/x?t=\(encoded)", .tokenInURL),
                ("file:///etc/passwd", .badURL), ("ftp://127.0.0.1/x", .badURL), ("not a url", .badURL),
            ]
            for (url, failure) in expected {
                let outcome = await cdn.download(id: "123", from: url, into: out)
                #expect(outcome == .failed(reason: failure), "\(url)")
            }
            await cdn.shutdown()
            #expect(simulator.statistics().cdnRequests == 0)
            #expect(DownloadFixture.allFiles(below: out).isEmpty)
        }
    }

    @Test("an expired URL is reported as urlRejected with the CDN's status, not as a failure")
    func expired() async throws {
        try await DownloadFixture.with(faults: FaultPlan(expireFirstCDNAttempt: true)) { simulator, out in
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let id = try #require(simulator.world.panoramas.first?.id)
            let (url, _) = try await Self.url(of: id, simulator)
            let cdn = CDNDownloader(configuration: Self.fast, forbidding: nil)
            let outcome = await cdn.download(id: id, from: url, into: out)
            await cdn.shutdown()
            guard case .urlRejected(let status, let message) = outcome else {
                Issue.record("expected urlRejected, got \(outcome)")
                return
            }
            #expect(status == 403)
            #expect(message.contains("expired"))
            #expect(DownloadFixture.allFiles(below: out).isEmpty)
        }
    }

    @Test("a connection reset mid-body restarts the file; the result is complete")
    func resetMidBody() async throws {
        try await DownloadFixture.with(faults: FaultPlan(cdnResetEvery: 1)) { simulator, out in
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let id = try #require(simulator.world.panoramas.first?.id)
            let (url, _) = try await Self.url(of: id, simulator)
            let cdn = CDNDownloader(configuration: Self.fast, forbidding: nil)
            let outcome = await cdn.download(id: id, from: url, into: out)
            await cdn.shutdown()
            // Every answer is cut halfway. A cut that leaves a longer `.part` is progress and is resumed with
            // Range without spending an attempt (at most 20 such); once the halves are too small to add a byte,
            // 3 attempts end it. Nothing appears under the final name, only the partial file a later round resumes.
            guard case .failed(let reason) = outcome else {
                Issue.record("expected a failure, got \(outcome)")
                return
            }
            guard case .exhausted(let last, let attempts) = reason else {
                Issue.record("expected retries to be exhausted, got \(reason)")
                return
            }
            #expect(attempts == 3)
            #expect(reason.description.hasSuffix("(after 3 attempts)"))
            #expect(reason.description.hasPrefix(last.description))
            #expect(reason.isTransient, "a cut connection gets a second round")
            #expect(reason.category == last.category)
            let requests = simulator.statistics().cdnRequestsPerImage[id] ?? 0
            #expect(requests > 3 && requests <= 3 + 20, "\(requests) requests")
            #expect(simulator.statistics().cdnRangeRequests == requests - 1, "every attempt after the first asked for the rest")
            #expect(DownloadFixture.allFiles(below: out) == ["\(out)/\(id).jpg.part"])
        }
        try await DownloadFixture.with(faults: FaultPlan(cdnResetEvery: 2)) { simulator, out in
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let cdn = CDNDownloader(configuration: Self.fast, forbidding: nil)
            for image in simulator.world.panoramas.prefix(4) {
                let (url, resolution) = try await Self.url(of: image.id, simulator)
                let outcome = await cdn.download(id: image.id, from: url, into: out)
                let served = try #require(simulator.jpegBytes(for: image.id, resolution: resolution))
                guard case .downloaded(let bytes, _) = outcome else {
                    Issue.record("image \(image.id): \(outcome)")
                    continue
                }
                #expect(bytes == Int64(served.count))
                #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(out)/\(image.id).jpg"))) == served)
            }
            await cdn.shutdown()
            #expect(simulator.statistics().cdnRequests > 4)
        }
    }

    @Test("Content-Type check accepts image/jpeg with parameters and refuses HTML",
          arguments: [("image/jpeg", true), ("IMAGE/JPEG; charset=binary", true), ("image/jpg", true),
                      ("text/html", false), ("application/octet-stream", false), ("", false)])
    func contentType(_ value: String, _ accepted: Bool) {
        #expect(CDNDownloader.isJPEGContentType(value) == accepted)
    }
}
