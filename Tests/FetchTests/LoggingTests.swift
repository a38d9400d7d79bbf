import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("Logging through swift-log")
struct LoggingTests {
    @Test("Graph retries are logged at info with what, why, which retry and the wait; the token never appears")
    func graphRetries() async throws {
        try await SimulatedGraph.with(faults: FaultPlan(graph500Every: 2)) { graph in
            let records = LogRecords()
            let client = graph.client.logging(to: records.logger)
            _ = try await client.get(path: "/images", query: [("bbox", graph.area.parameter), ("limit", "5")])
            _ = try await client.get(path: "/images", query: [("bbox", graph.area.parameter), ("limit", "6")])
            let retries = records.all.filter { $0.level == .info && $0.message.hasPrefix("retrying GET /images?bbox=") }
            #expect(!retries.isEmpty)
            if let retry = retries.first {
                #expect(retry.message.contains("HTTP 500"))
                #expect(retry.message.contains("(retry 1 of 6)"))
                #expect(retry.metadata["retry"] == "1")
                #expect(retry.metadata["budget"] == "6")
                #expect(retry.metadata["wait"] != nil)
            }
            #expect(!records.all.filter { $0.level == .debug && $0.message.hasPrefix("GET /images") }.isEmpty)
            for record in records.all {
                #expect(!record.allText.contains(MapillarySimulator.defaultToken), "\(record.message)")
            }
        }
    }

    @Test("a run logs Graph retries, URL refreshes and retried CDN failures to DownloadOptions.logger, without the token")
    func downloadRun() async throws {
        let faults = FaultPlan(graph500Every: 4, cdnResetEvery: 3, expireFirstCDNAttempt: true)
        try await DownloadFixture.with(faults: faults) { simulator, out in
            let records = LogRecords()
            var options = DownloadFixture.options(simulator, out: out)
            options.logger = records.logger
            let summary = try await DownloadRun(options: options).run()
            #expect(summary.downloaded > 0)
            #expect(!records.messages(at: .info, containing: "retrying GET ").isEmpty)
            #expect(!records.messages(at: .info, containing: "refreshing the thumbnail URL of image ").isEmpty)
            let cdnRetries = records.messages(at: .info, containing: "retrying CDN download of image ")
            #expect(!cdnRetries.isEmpty)
            #expect(cdnRetries.allSatisfy { $0.contains("(attempt ") && $0.contains(" in ") })
            let token = MapillarySimulator.defaultToken
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            for record in records.all {
                #expect(!record.allText.contains(token), "\(record.message)")
                #expect(!record.allText.contains(encoded), "\(record.message)")
                #expect(!record.allText.contains("access_token"), "\(record.message)")
            }
        }
    }

    @Test("a cell's split is logged at info with its reason (limit reached or rationing)")
    func cellSplit() async throws {
        try await SimulatedGraph.with(world: WorldSpec(sequences: 6)) { graph in
            let records = LogRecords()
            let discovery = Discovery(client: graph.client, ledger: MemoryLedger(), cellSize: 0.005, limit: 2,
                                      logger: records.logger)
            _ = try await discovery.run(.bbox(graph.area), filter: DiscoveryFilter(), maxImages: nil, progress: nil) { _ in }
            let splits = records.messages(at: .info, containing: "splitting it in four")
            #expect(!splits.isEmpty)
            #expect(splits.allSatisfy { $0.hasPrefix("cell ") && ($0.contains("reached the limit") || $0.contains("sequences")) })
            #expect(splits.contains { $0.contains("reached the limit (2 images, limit 2)") })
        }
    }
}
