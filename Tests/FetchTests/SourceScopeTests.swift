import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("A folder with several sources: each run counts its own source, the record keeps them all")
struct SourceScopeTests {
    @Test("a second source in the same folder reports its own count, not the folder's")
    func secondSource() async throws {
        let world = WorldSpec(sequences: 3, imagesPerSequence: 3...4, panoFraction: 1)
        try await DownloadFixture.with(world: world) { simulator, out in
            let first = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            let all = DownloadFixture.expectedPanoramas(simulator)
            #expect(first.found == all.count && first.downloaded == all.count)

            let one = try #require(all.sorted().first)
            simulator.resetStatistics()
            let second = try await DownloadRun(options: DownloadFixture.options(simulator, out: out, source: .images([one]))).run()
            #expect(second.found == 1)
            #expect(second.present == 1 && second.downloaded == 0 && second.pending == 0)
            #expect(second.otherImages == all.count - 1)
            #expect(simulator.statistics().cdnRequests == 0)

            // The same source again: its discovery is reused and says when it ran.
            let third = try await DownloadRun(options: DownloadFixture.options(simulator, out: out, source: .images([one]))).run()
            #expect(third.found == 1 && third.discoveryReusedFrom != nil)
            #expect(try DownloadFixture.csv(out).split(separator: "\r\n").count == all.count + 1, "the CSV holds the whole folder")
        }
    }
}
