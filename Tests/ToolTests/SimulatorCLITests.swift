import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `mly360-sim` as `make demo` uses it: a subprocess that prints one line, writes the ground truth, serves
/// real requests and stops cleanly on SIGTERM.
@Suite("mly360-sim command line")
struct SimulatorCLITests {
    static let binary: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return ["debug", "release"].map { repo.appendingPathComponent(".build/\($0)/mly360-sim").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test("prints its URLs and token, writes the truth, answers the Graph API, stops on SIGTERM",
          .enabled(if: binary != nil, "mly360-sim is not built"))
    func lifecycle() async throws {
        let folder = NSTemporaryDirectory() + "mly360-sim-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
        process.arguments = ["--seed", "4", "--sequences", "3", "--area", "-0.56,50.89,-0.52,50.92", "--truth", folder + "/truth.json"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first line arrives once both listeners are up.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let fields = Dictionary(uniqueKeysWithValues: text.split(whereSeparator: \.isWhitespace).compactMap { part -> (String, String)? in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        })
        let graph = try #require(fields["graph"], "first line: \(text)")
        let token = try #require(fields["token"])
        #expect(graph.hasPrefix("http://127.0.0.1:"))
        #expect(fields["cdn"]?.hasPrefix("http://127.0.0.1:") == true && fields["cdn"] != graph)

        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/truth.json")))
        let panoramaIDs = try #require((truth as? [String: Any])?["panoramaIDs"] as? [String])
        #expect(!panoramaIDs.isEmpty)

        // A real request over the socket: the first panorama, by id, with the token in the header.
        let id = try #require(panoramaIDs.first)
        let (status, body) = try await Self.get("\(graph)/\(id)?fields=id,is_pano", token: token)
        #expect(status == 200)
        #expect(body.contains("\"\(id)\""))
        let (unauthorised, _) = try await Self.get("\(graph)/\(id)?fields=id", token: nil)
        #expect(unauthorised == 500)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// One GET over a real socket, with the token in the `Authorization` header when given.
    static func get(_ url: String, token: String?) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue("OAuth \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
