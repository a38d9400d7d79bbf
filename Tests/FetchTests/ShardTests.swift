import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("Shards: --shard K/N")
struct ShardTests {
    @Test("K/N parses; anything else is refused with the expected form", arguments: [
        ("0/3", "1 ≤ K ≤ N"), ("4/3", "1 ≤ K ≤ N"), ("1/0", "1 ≤ K ≤ N"), ("a/3", "not K/N"), ("1", "not K/N"),
        ("1/2/3", "not K/N"), ("-1/3", "1 ≤ K ≤ N"), ("", "not K/N"),
    ])
    func refuses(_ text: String, hint: String) {
        expectInvalidInput(text, hint: hint) { _ = try Shard(parsing: text) }
    }

    @Test("every key has exactly one owner, the same on every run, and 3 shards balance")
    func ownership() throws {
        let shards = try (1...3).map { try Shard(parsing: "\($0)/3") }
        #expect(shards[1].description == "2/3")
        var counts = [0, 0, 0]
        for n in 0..<3000 {
            let key = "seq\(n)Abc_DEF-\(n * 7)"
            let owners = shards.indices.filter { shards[$0].owns(sequence: key) }
            #expect(owners.count == 1)
            counts[owners[0]] += 1
            #expect(shards.filter { $0.owns(looseImage: String(1_000_000 + n)) }.count == 1)
        }
        #expect(counts.allSatisfy { (850...1150).contains($0) }, "\(counts)")
        // Pinned values: the hash must never change between versions (shard folders of old runs).
        #expect(try Shard(parsing: "1/1").owns(sequence: "anything"))
        let pinned = try (1...4).map { try Shard(parsing: "\($0)/4") }.firstIndex { $0.owns(sequence: "d7DlxwUTp6JZaIWKHGtnMQ") }
        #expect(pinned == Self.pinnedOwner)
    }

    /// The owner (0-based, of 4) of `d7DlxwUTp6JZaIWKHGtnMQ` under FNV-1a + SplitMix64.
    static let pinnedOwner = Self.referenceOwner("d7DlxwUTp6JZaIWKHGtnMQ", count: 4)

    /// An independent implementation of the documented hash, to pin it.
    static func referenceOwner(_ key: String, count: UInt64) -> Int {
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        h = (h ^ (h >> 30)) &* 13_787_848_793_156_543_929
        h = (h ^ (h >> 27)) &* 10_723_151_780_598_845_931
        h ^= h >> 31
        return Int(h % count)
    }

    @Test("three shards of one bbox are disjoint, keep sequences whole, and together equal the unsharded run")
    func unionIsWhole() async throws {
        let world = WorldSpec(sequences: 12, imagesPerSequence: 4...9, panoFraction: 1)
        try await DownloadFixture.with(world: world) { simulator, out in
            var all = DownloadFixture.options(simulator, out: out + "-all")
            all.metadataOnly = false
            _ = try await DownloadRun(options: all).run()
            let whole = try DownloadFixture.verifiedIDs(out + "-all")
            #expect(whole == DownloadFixture.expectedPanoramas(simulator))
            var parts: [Set<String>] = []
            var sequencesByShard: [Set<String>] = []
            for k in 1...3 {
                var options = DownloadFixture.options(simulator, out: out + "-\(k)")
                options.shard = try Shard(parsing: "\(k)/3")
                let summary = try await DownloadRun(options: options).run()
                #expect(summary.discoveryError == nil)
                let ids = try DownloadFixture.verifiedIDs(out + "-\(k)")
                #expect(summary.found == ids.count)
                parts.append(ids)
                let sequences = Set(simulator.world.images.filter { ids.contains($0.id) }.map(\.sequence))
                sequencesByShard.append(sequences)
                // A complete dataset of its own: the CSV lists exactly the shard's images.
                let csv = try DownloadFixture.csv(out + "-\(k)")
                #expect(csv.split(whereSeparator: \.isNewline).count == ids.count + 1)
            }
            #expect(parts.filter { !$0.isEmpty }.count >= 2, "the shards must share the work: \(parts.map(\.count))")
            for a in 0..<3 {
                for b in (a + 1)..<3 {
                    #expect(parts[a].isDisjoint(with: parts[b]))
                    #expect(sequencesByShard[a].isDisjoint(with: sequencesByShard[b]), "a sequence was split")
                }
            }
            #expect(parts.reduce(Set<String>()) { $0.union($1) } == whole)
        }
    }
}
