import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("The access token never reaches the CDN or the disk")
struct TokenSafetyTests {
    /// Whether `haystack` contains `needle` as a byte sequence.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, Array(haystack[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }

    @Test("after a run with URL refreshes and resets, no file under OUT holds the token in any form")
    func noTokenOnDisk() async throws {
        let faults = FaultPlan(cdnResetEvery: 5, expireFirstCDNAttempt: true)
        try await DownloadFixture.with(faults: faults) { simulator, out in
            let summary = try await DownloadRun(options: DownloadFixture.options(simulator, out: out)).run()
            #expect(summary.downloaded > 0)
            let statistics = simulator.statistics()
            #expect(statistics.cdnRequests > 0)
            #expect(statistics.authorizationHeadersSeenByCDN == 0)
            #expect(statistics.tokenSeenByCDN == 0)

            let token = MapillarySimulator.defaultToken
            let forms = Set([token, token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token,
                             String(token.split(separator: "|").last ?? "")]).map { Array($0.utf8) }
            let files = DownloadFixture.allFiles(below: out)
            #expect(files.contains { $0.hasSuffix("state.sqlite") })
            for path in files {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                for form in forms { #expect(!Self.contains(bytes, form), "token found in \(path)") }
            }
        }
    }
}
