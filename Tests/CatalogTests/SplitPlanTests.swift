@testable import Catalog
import Foundation
import Testing

@Suite("Leakage-safe splits")
struct SplitPlanTests {
    /// 60 sequences of 1–20 frames, some frames near-duplicates of frames in other sequences.
    static func images() -> [SplitPlan.Image] {
        var images: [SplitPlan.Image] = []
        for sequence in 0..<60 {
            for frame in 0..<(1 + sequence * 7 % 20) {
                let group = (sequence % 9 == 0 && frame == 0) ? "g\(sequence / 18)" : nil
                images.append(.init(id: "s\(sequence)-f\(frame)", sequence: "seq\(sequence)", group: group))
            }
        }
        for loose in 0..<40 { images.append(.init(id: "loose\(loose)", sequence: nil, group: loose % 10 == 0 ? "g9" : nil)) }
        return images
    }

    @Test("no sequence and no group spans two splits; shares close to the ratios; the same seed gives the same split")
    func leakageSafe() throws {
        let images = Self.images()
        let plan = SplitPlan(ratios: [0.8, 0.1, 0.1], seed: 7)
        let split = plan.assign(images)
        #expect(split.count == images.count)
        for key in [\SplitPlan.Image.sequence, \SplitPlan.Image.group] {
            var seen: [String: String] = [:]
            for image in images {
                guard let value = image[keyPath: key], let assigned = split[image.id] else { continue }
                #expect(seen[value, default: assigned] == assigned, "\(value) spans two splits")
                seen[value] = assigned
            }
        }
        let shares = SplitPlan.names.map { name in Double(split.values.filter { $0 == name }.count) / Double(images.count) }
        for (share, target) in zip(shares, [0.8, 0.1, 0.1]) { #expect(abs(share - target) < 0.03, "\(shares)") }
        #expect(plan.assign(images) == split)
        #expect(SplitPlan(ratios: [0.8, 0.1, 0.1], seed: 8).assign(images) != split, "another seed, another split")
        // Only sequences kept together: groups may then span splits, sequences never.
        let bySequence = SplitPlan(ratios: [0.5, 0.5, 0], seed: 1, by: [.sequence]).assign(images)
        #expect(!bySequence.values.contains("test"))
    }

    @Test("the split column is written, and a later check keeps it")
    func keptByCheck() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for index in 0..<20 { try CatalogFixtures.write(try CatalogFixtures.panorama(seed: index * 11), to: folder, as: "p\(index).jpg") }
        try await CatalogFixtures.check(folder, thumbnails: false)
        let catalog = try Catalog(folder: folder)
        let outcome = try catalog.split(SplitPlan(ratios: [0.6, 0.2, 0.2], seed: 3))
        #expect(outcome.total == 20 && outcome.counts.values.reduce(0, +) == 20)
        try CatalogCSV.render(catalog, to: CatalogCSV.path(in: folder), root: folder)
        let before = try CatalogFixtures.table(CatalogCSV.path(in: folder)).rows.map { $0["split"] ?? "" }
        #expect(Set(before).isSubset(of: ["train", "val", "test"]) && !before.contains(""))
        try await CatalogFixtures.check(folder, thumbnails: false, force: true)
        let after = try CatalogFixtures.table(CatalogCSV.path(in: folder)).rows.map { $0["split"] ?? "" }
        #expect(after == before)
    }
}
