import AsyncHTTPClient
import Fetch
import Foundation
import MapillarySimulator
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("An API that cannot be reached fails fast; one that went away is retried")
struct UnreachableAPITests {
    /// A port on 127.0.0.1 that nothing listens on: bound to learn a free number, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        try #require(named == 0)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a whole download of a 16-cell bbox (eight parallel cell requests) with the production retry
    /// policy against `apiURL`; returns the error it stopped with, how long that took and the run's log.
    static func run(apiURL: String) async throws -> (error: FetchError?, seconds: Double, log: LogRecords) {
        let folder = try DownloadFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = LogRecords()
        let box = BoundingBox(minLon: 13.40, minLat: 52.50, maxLon: 13.42, maxLat: 52.52)
        let options = DownloadOptions(source: .bbox(box), outDirectory: folder + "/out", token: MapillarySimulator.defaultToken,
                                      apiURL: apiURL, apiConcurrency: 8, retry: .default, logger: log.logger)
        let started = ContinuousClock.now
        var failure: FetchError?
        do {
            _ = try await DownloadRun(options: options).run()
        } catch {
            failure = error as? FetchError
        }
        let elapsed = ContinuousClock.now - started
        return (failure, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, log)
    }

    /// Fail-fast, counted rather than timed (the wall time depends on what else the machine runs): no request
    /// took the ordinary retry path, and at most 48 requests were sent (tile or Graph, each logged as
    /// `GET …` when sent) — 16 cell requests with at most two quick retries each — where the retry storm
    /// this replaced sent hundreds.
    static func expectFailedFast(_ log: LogRecords) {
        let ordinary = log.all.filter { $0.message.hasPrefix("retrying GET") && !$0.message.contains("quick retry") }
        #expect(ordinary.isEmpty, "ordinary retries: \(ordinary.prefix(3).map(\.message))")
        let attempts = log.all.filter { $0.level == .debug && $0.message.hasPrefix("GET ") }.count
        #expect(attempts >= 1 && attempts <= 48, "\(attempts) requests sent: \(log.all.prefix(60).map(\.message))")
    }

    @Test("a closed port stops the whole run with .unreachable (connection refused) after a few quick retries")
    func closedPortFailsFast() async throws {
        let port = try Self.closedPort()
        let (error, seconds, log) = try await Self.run(apiURL: "http://127.0.0.1:\(port)")
        print("closed port 127.0.0.1:\(port): failed after \(String(format: "%.3f", seconds)) s with \(error.map(\.description) ?? "no error")")
        #expect(error == .unreachable(address: "http://127.0.0.1:\(port)", cause: "connection refused"))
        Self.expectFailedFast(log)
        let text = error?.description ?? ""
        #expect(text.contains("http://127.0.0.1:\(port)"))
        #expect(text.contains("connection refused"))
        #expect(!text.contains(MapillarySimulator.defaultToken))
        #expect(!text.contains("bbox"), "the address names no path or query")
    }

    @Test("a host name that does not resolve stops the run with .unreachable (host not found)")
    func unknownHostFailsFast() async throws {
        let (error, seconds, log) = try await Self.run(apiURL: "http://nonexistent.invalid")
        print("http://nonexistent.invalid: failed after \(String(format: "%.3f", seconds)) s with \(error.map(\.description) ?? "no error")")
        guard case .unreachable(let address, let cause) = error else {
            Issue.record("expected .unreachable, got \(String(describing: error))")
            return
        }
        #expect(address == "http://nonexistent.invalid:80")
        #expect(cause.hasPrefix("host not found"), "\(cause)")
        Self.expectFailedFast(log)
    }

    @Test("TLS to a server that does not speak TLS is .unreachable with a handshake cause")
    func tlsHandshakeFails() async throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 3))
        try await simulator.start()
        let plain = try #require(URLComponents(string: simulator.graphURL))
        let port = try #require(plain.port)
        let http = GraphClient.makeHTTPClient()
        let client = GraphClient(baseURL: "https://127.0.0.1:\(port)", token: MapillarySimulator.defaultToken,
                                 httpClient: http, retry: .default)
        var failure: FetchError?
        do {
            _ = try await client.get(path: "/images", query: [("limit", "1")])
        } catch {
            failure = error
        }
        try await http.shutdown()
        try await simulator.shutdown()
        guard case .unreachable(let address, let cause) = failure else {
            Issue.record("expected .unreachable, got \(String(describing: failure))")
            return
        }
        print("https to a plain-HTTP server: \(failure.map(\.description) ?? "")")
        #expect(address == "https://127.0.0.1:\(port)")
        #expect(cause.hasPrefix("TLS handshake failed: "), "\(cause)")
        #expect(cause.contains("wrong version number"), "a plain-HTTP answer to a ClientHello: \(cause)")
        #expect(!cause.contains(".build/"), "no library source paths: \(cause)")
    }

    @Test("after one answer, a server that went away gets the normal transient retries, not .unreachable")
    func wentAwayIsTransient() async throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 5))
        try await simulator.start()
        let http = GraphClient.makeHTTPClient()
        let records = LogRecords()
        let client = GraphClient(baseURL: simulator.graphURL, token: MapillarySimulator.defaultToken, httpClient: http,
                                 retry: .fast(), logger: records.logger)
        let box = simulator.configuration.world.area
        let query = [("bbox", BoundingBox(minLon: box.minLon, minLat: box.minLat, maxLon: box.maxLon, maxLat: box.maxLat).parameter),
                     ("limit", "1")]
        var failure: FetchError?
        do {
            _ = try await client.get(path: "/images", query: query)
        } catch {
            Issue.record("the first request failed: \(error)")
        }
        try await simulator.shutdown()
        do {
            _ = try await client.get(path: "/images", query: query)
        } catch {
            failure = error
        }
        try await http.shutdown()
        guard case .transport(_, let message) = failure else {
            Issue.record("expected a network error after the retries, got \(String(describing: failure))")
            return
        }
        #expect(!message.isEmpty)
        let statistics = await client.statistics()
        #expect(statistics.retries == RetryPolicy.default.budget(for: .transient))
        #expect(statistics.failuresByClass["unreachable"] == nil)
        #expect(records.messages(at: .info, containing: "retrying GET /images").count == statistics.retries)
    }
}
