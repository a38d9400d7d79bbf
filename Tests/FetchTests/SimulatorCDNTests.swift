import Foundation
import MapillarySimulator
import Testing

@Suite("Simulator CDN")
struct SimulatorCDNTests {
    /// The thumbnail URL of `id` from a fresh entity lookup.
    static func url(_ h: SimulatorHarness, _ id: String, field: String = "thumb_original_url") async throws -> String {
        let object = try await h.graphObject("/\(id)?fields=\(field)")
        return try #require(object[field] as? String, "\(field) of \(id)")
    }

    /// Width and height from the first SOF marker, walking the segments.
    static func dimensions(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var i = 2
        while i + 9 < bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                return (Int(bytes[i + 7]) << 8 | Int(bytes[i + 8]), Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]))
            }
            i += 2 + length
        }
        return nil
    }

    @Test("A signed URL serves exactly `jpegBytes(for:resolution:)`, as image/jpeg, without auth")
    func servesBytes() async throws {
        try await SimulatorHarness.with { h in
            let pano = try #require(h.simulator.world.panoramas.first { $0.hasOriginalURL && !$0.mislabelled })
            let url = try await Self.url(h, pano.id)
            #expect(url.hasPrefix(h.simulator.cdnURL + "/m1/v/t6/"))
            #expect(url.contains("ccb=10-5") && url.contains("&oh=") && url.contains("&oe=") && url.contains("&_nc_sid="))
            #expect(!url.contains(pano.id), "the opaque part must not spell the id")
            let answer = try await h.get(url)
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"] == "image/jpeg")
            #expect(answer.headers["content-length"] == String(answer.body.count))
            let expected = try #require(h.simulator.jpegBytes(for: pano.id, resolution: "original"))
            #expect(Array(answer.body) == expected)
            #expect(expected.prefix(2) == [0xFF, 0xD8] && expected.suffix(2) == [0xFF, 0xD9])
            let size = try #require(Self.dimensions(expected))
            #expect(size.width == pano.servedWidth && size.height == pano.servedHeight && size.width == 2 * size.height)
            let stats = h.simulator.statistics()
            #expect(stats.cdnRequests == 1)
            #expect(stats.cdnRequestsPerImage[pano.id] == 1)
            #expect(stats.cdnBytes == expected.count)
            #expect(stats.authorizationHeadersSeenByCDN == 0 && stats.tokenSeenByCDN == 0)
        }
    }

    @Test("Served files differ per image, carry GPano exactly when the world says so, and mislabelled ones are 4:3")
    func servedContent() throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 9))
        let world = simulator.world
        var digests = Set<[UInt8]>()
        for image in world.images {
            let bytes = try #require(simulator.jpegBytes(for: image.id, resolution: "original"))
            #expect(digests.insert(bytes).inserted)
            let hasXMP = String(decoding: bytes.prefix(4096), as: UTF8.self).contains("GPano:ProjectionType")
            #expect(hasXMP == image.hasGPano, "\(image.id)")
            let size = try #require(Self.dimensions(bytes))
            #expect(size.width == image.servedWidth && size.height == image.servedHeight)
        }
        let mislabelled = world.images.filter(\.mislabelled)
        #expect(mislabelled.contains { $0.isPano && $0.servedWidth * 3 == $0.servedHeight * 4 })
        #expect(mislabelled.contains { $0.cameraType == "perspective" || $0.cameraType == "fisheye" })
        #expect(mislabelled.filter { !$0.isPano }.allSatisfy { $0.servedWidth == 2 * $0.servedHeight })
        #expect(world.images.contains(where: \.hasGPano) && world.panoramas.contains { !$0.hasGPano })
        #expect(simulator.jpegBytes(for: "1", resolution: "original") == nil)
        #expect(simulator.jpegBytes(for: world.images[0].id, resolution: "640") == nil)
    }

    @Test("Smaller resolutions never exceed their width", arguments: ["2048", "1024", "256"])
    func resolutions(_ resolution: String) async throws {
        var spec = WorldSpec(sequences: 2)
        spec.servedPanoWidth = 1200
        try await SimulatorHarness.with(SimulatorConfiguration(world: spec)) { h in
            let pano = try #require(h.simulator.world.panoramas.first { !$0.mislabelled })
            let answer = try await h.get(try await Self.url(h, pano.id, field: "thumb_\(resolution)_url"))
            #expect(answer.status == 200)
            let size = try #require(Self.dimensions(Array(answer.body)))
            #expect(size.width == min(Int(resolution) ?? 0, 1200))
            #expect(size.width == 2 * size.height)
        }
    }

    @Test("A tampered signature or expiry answers 403 'Bad URL hash'")
    func badSignature() async throws {
        try await SimulatorHarness.with { h in
            let id = try #require(h.simulator.world.panoramas.first { $0.hasOriginalURL }?.id)
            let url = try await Self.url(h, id)
            let tamperedHash = url.replacingOccurrences(of: "oh=00_", with: "oh=00_A")
            let later = try #require(url.range(of: #"oe=[0-9A-F]+"#, options: .regularExpression))
            let tamperedExpiry = url.replacingCharacters(in: later, with: "oe=7FFFFFFF")
            for bad in [tamperedHash, tamperedExpiry] {
                let answer = try await h.get(bad)
                #expect(answer.status == 403)
                #expect(answer.text == "Bad URL hash")
            }
            #expect(try await h.get(h.simulator.cdnURL + "/somewhere/else").status == 404)
        }
    }

    @Test("An expired URL answers 403 'URL signature expired'")
    func expired() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(urlTTL: .zero))) { h in
            let id = try #require(h.simulator.world.panoramas.first?.id)
            let answer = try await h.get(try await Self.url(h, id, field: "thumb_2048_url"))
            #expect(answer.status == 403)
            #expect(answer.text == "URL signature expired")
            #expect(h.simulator.statistics().cdnRequestsPerImage[id] == 1)
        }
    }

    @Test("expireFirstCDNAttempt: the first request per image is 403 expired, a fresh URL then works")
    func expireFirst() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(expireFirstCDNAttempt: true))) { h in
            let images = h.simulator.world.panoramas.prefix(3)
            for image in images {
                let first = try await h.get(try await Self.url(h, image.id, field: "thumb_1024_url"))
                #expect(first.status == 403 && first.text == "URL signature expired")
                let second = try await h.get(try await Self.url(h, image.id, field: "thumb_1024_url"))
                #expect(second.status == 200)
                #expect(Array(second.body) == h.simulator.jpegBytes(for: image.id, resolution: "1024"))
            }
            let stats = h.simulator.statistics()
            #expect(images.allSatisfy { stats.cdnRequestsPerImage[$0.id] == 2 })
            #expect(stats.cdnStatuses[403] == 3 && stats.cdnStatuses[200] == 3)
        }
    }

    @Test("The CDN records an Authorization header and the token anywhere in the request")
    func recordsLeaks() async throws {
        try await SimulatorHarness.with { h in
            let id = try #require(h.simulator.world.panoramas.first?.id)
            let url = try await Self.url(h, id, field: "thumb_256_url")
            let token = MapillarySimulator.defaultToken
            #expect(try await h.get(url, headers: ["Authorization": "OAuth \(token)"]).status == 200)
            var stats = h.simulator.statistics()
            #expect(stats.authorizationHeadersSeenByCDN == 1 && stats.tokenSeenByCDN == 1)
            #expect(try await h.get(url + "&access_token=" + SimulatorHarness.encode(token)).status == 200)
            #expect(try await h.get(url, headers: ["X-Debug": token]).status == 200)
            stats = h.simulator.statistics()
            #expect(stats.authorizationHeadersSeenByCDN == 1 && stats.tokenSeenByCDN == 3)
            h.simulator.resetStatistics()
            #expect(h.simulator.statistics() == SimulatorStatistics())
        }
    }

    @Test("cdnResetEvery: every n-th download sends half its body and closes the connection")
    func resetMidBody() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(cdnResetEvery: 2))) { h in
            let id = try #require(h.simulator.world.panoramas.first { $0.hasOriginalURL }?.id)
            let expected = try #require(h.simulator.jpegBytes(for: id, resolution: "original"))
            var outcomes: [Bool] = []
            for _ in 0..<4 {
                let url = try await Self.url(h, id)
                let raw = try SimulatorHarness.rawGet(url)
                #expect(raw.status == 200)
                #expect(raw.contentLength == expected.count)
                outcomes.append(raw.body == expected)
                if raw.body != expected { #expect(raw.body == Array(expected.prefix(expected.count / 2))) }
            }
            #expect(outcomes == [true, false, true, false])
        }
    }

    @Test("A throttled body still arrives complete")
    func slowBody() async throws {
        try await SimulatorHarness.with(SimulatorConfiguration(faults: FaultPlan(cdnSlowBytesPerSecond: 400_000))) { h in
            let id = try #require(h.simulator.world.panoramas.first { $0.hasOriginalURL }?.id)
            let answer = try await h.get(try await Self.url(h, id))
            #expect(answer.status == 200)
            #expect(Array(answer.body) == h.simulator.jpegBytes(for: id, resolution: "original"))
        }
    }
}
