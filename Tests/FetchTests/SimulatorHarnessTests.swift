import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MapillarySimulator
import Testing

/// A started simulator plus a tiny HTTP client (URLSession, or raw sockets where URLSession hides details),
/// shared by the simulator's own tests.
struct SimulatorHarness {
    let simulator: MapillarySimulator
    let session: URLSession

    /// Starts a simulator; call ``stop()`` at the end of the test.
    static func start(_ configuration: SimulatorConfiguration = SimulatorConfiguration()) async throws -> SimulatorHarness {
        let simulator = MapillarySimulator(configuration)
        try await simulator.start()
        let config = URLSessionConfiguration.ephemeral
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        return SimulatorHarness(simulator: simulator, session: URLSession(configuration: config))
    }

    func stop() async throws {
        session.finishTasksAndInvalidate()
        try await simulator.shutdown()
    }

    /// Runs `body` against a fresh simulator and always shuts it down.
    static func with<T>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
        _ body: (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(configuration)
        do {
            let result = try await body(harness)
            try await harness.stop()
            return result
        } catch {
            try? await harness.stop()
            throw error
        }
    }

    /// An HTTP answer.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (fails the test if it is not one).
        func object(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let parsed = try JSONSerialization.jsonObject(with: body)
            return try #require(parsed as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
        }

        /// `data` of a collection answer.
        func data(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
            let object = try object(sourceLocation: sourceLocation)
            return try #require(object["data"] as? [[String: Any]], sourceLocation: sourceLocation)
        }

        /// Ids of a collection answer, as strings.
        func ids(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
            try data(sourceLocation: sourceLocation).map { try #require($0["id"] as? String, sourceLocation: sourceLocation) }
        }

        /// The `error` member of an envelope.
        func error(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let object = try object(sourceLocation: sourceLocation)
            return try #require(object["error"] as? [String: Any], sourceLocation: sourceLocation)
        }
    }

    enum Auth {
        case header(String)
        case query(String)
        case none
    }

    /// GET `graphURL + pathAndQuery` with the default token in the header unless told otherwise.
    func graph(_ pathAndQuery: String, auth: Auth? = nil) async throws -> Answer {
        var url = simulator.graphURL + pathAndQuery
        var request: URLRequest
        switch auth ?? .header("OAuth " + simulator.configuration.token) {
        case .header(let value):
            request = URLRequest(url: try #require(URL(string: url)))
            request.setValue(value, forHTTPHeaderField: "Authorization")
        case .query(let token):
            url += (pathAndQuery.contains("?") ? "&" : "?") + "access_token=" + Self.encode(token)
            request = URLRequest(url: try #require(URL(string: url)))
        case .none:
            request = URLRequest(url: try #require(URL(string: url)))
        }
        return try await perform(request)
    }

    /// GET an absolute URL (a CDN URL or a `paging.next`), optionally with extra headers.
    func get(_ absolute: String, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: absolute)))
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await perform(request)
    }

    /// GET with the header `Authorization: OAuth <token>` the way the Fetch client sends it.
    func graphObject(_ pathAndQuery: String) async throws -> [String: Any] {
        let answer = try await graph(pathAndQuery)
        #expect(answer.status == 200, "\(pathAndQuery): \(answer.text)")
        return try answer.object()
    }

    private func perform(_ request: URLRequest) async throws -> Answer {
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return Answer(status: http.statusCode, headers: headers, body: data)
    }

    /// Percent-encodes a query value.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~,")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// The fields the Fetch client asks for (every real v4 name).
    static let allFields = [
        "id", "altitude", "atomic_scale", "camera_parameters", "camera_type", "captured_at", "compass_angle",
        "computed_altitude", "computed_compass_angle", "computed_geometry", "computed_rotation", "creator",
        "exif_orientation", "geometry", "height", "width", "is_pano", "make", "model", "merge_cc", "mesh",
        "sfm_cluster", "quality_score", "sequence", "thumb_256_url", "thumb_1024_url", "thumb_2048_url",
        "thumb_original_url", "organization",
    ].joined(separator: ",")

    /// A raw HTTP/1.1 exchange over a plain socket: returns the declared Content-Length and every body byte
    /// received before the server closed the connection (URLSession would hide a short body behind an error).
    static func rawGet(_ absolute: String) throws -> (status: Int, contentLength: Int?, body: [UInt8]) {
        let url = try #require(URL(string: absolute))
        let port = try #require(url.port)
        let target = url.path + (url.query.map { "?" + $0 } ?? "")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        // A safety net against a hung server, not a timing assertion.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += chunk[0..<n]
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        let headerEnd = try #require((0..<max(0, received.count - 3)).first { Array(received[$0..<($0 + 4)]) == separator })
        let head = String(decoding: received[0..<headerEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        let length = head.dropFirst().first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
        return (status, length, Array(received[(headerEnd + 4)...]))
    }
}

@Suite("Simulator harness")
struct SimulatorHarnessTests {
    @Test("Graph and CDN listen on different loopback origins")
    func twoOrigins() async throws {
        try await SimulatorHarness.with { harness in
            let graph = try #require(URL(string: harness.simulator.graphURL))
            let cdn = try #require(URL(string: harness.simulator.cdnURL))
            #expect(graph.host == "127.0.0.1" && cdn.host == "127.0.0.1")
            #expect(graph.port != nil && graph.port != cdn.port)
            let answer = try await harness.graph("/image_ids?sequence_id=unknownunknownunknown1")
            #expect(answer.status == 200)
            #expect(try answer.ids().isEmpty)
        }
    }

    @Test("The same seed gives the same world; another seed a different one")
    func deterministicWorld() {
        let a = MapillarySimulator(SimulatorConfiguration(seed: 5)).world.images
        let b = MapillarySimulator(SimulatorConfiguration(seed: 5)).world.images
        let c = MapillarySimulator(SimulatorConfiguration(seed: 6)).world.images
        #expect(a == b)
        #expect(a.map(\.id) != c.map(\.id))
    }
}
