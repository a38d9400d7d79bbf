@testable import Catalog
import Foundation
@testable import Imaging
import Testing

@Suite("Near-duplicate groups")
struct DuplicateGrouperTests {
    typealias F = CatalogFixtures

    @Test("the bucketed search finds exactly the pairs an all-pairs search finds")
    func sameAsBruteForce() {
        var generator = SystemRandomNumberGenerator()
        var items: [DuplicateGrouper.Item] = []
        for index in 0..<1500 {
            var phash = UInt64.random(in: .min ... .max, using: &generator)
            var yaw = UInt64.random(in: .min ... .max, using: &generator)
            if index % 3 != 0, let previous = items.last {  // a near copy of the previous one
                phash = previous.phash ^ (1 << UInt64(index % 64)) ^ (index % 2 == 0 ? 1 << 7 : 0)
                yaw = index % 5 == 0 ? previous.yawHash ^ 0b1011 : yaw
            }
            items.append(.init(id: "i\(index)", phash: phash, yawHash: yaw, aspect: 2, pixels: index, bytes: 1, sharpness: 1))
        }
        let groups = DuplicateGrouper.groups(items)
        // All pairs, union-find by hand.
        var parent = Array(items.indices)
        func find(_ i: Int) -> Int { parent[i] == i ? i : find(parent[i]) }
        for a in items.indices {
            for b in (a + 1)..<items.count
            where (items[a].phash ^ items[b].phash).nonzeroBitCount <= DuplicateGrouper.phashThreshold
                || (items[a].yawHash ^ items[b].yawHash).nonzeroBitCount <= DuplicateGrouper.yawThreshold {
                parent[find(a)] = find(b)
            }
        }
        var expected: [Int: Set<String>] = [:]
        for index in items.indices { expected[find(index), default: []].insert(items[index].id) }
        #expect(Set(groups.map { Set($0.members) }) == Set(expected.values.filter { $0.count > 1 }))
        #expect(groups.allSatisfy { group in
            group.members.first == group.members.max { Int($0.dropFirst())! < Int($1.dropFirst())! }
        }, "the best (largest) member comes first")
    }

    /// A smooth, horizontally periodic scene (a plausible panorama), different for each seed.
    static func scene(seed: Int, width: Int = 512, height: Int = 256, roll: Int = 0) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        let phases = (0..<10).map { Double(($0 + 1) * (seed * 7919 % 1000)) / 1000 * 2 * Double.pi }
        for y in 0..<height {
            let lat = Double.pi * (Double(y) + 0.5) / Double(height)
            for x in 0..<width {
                let u = 2 * Double.pi * Double((x + roll) % width) / Double(width)
                var v = 0.0
                for k in 0..<10 {
                    v += sin(Double(k + 1) * u + phases[k]) * sin(Double(k % 4 + 1) * lat + phases[9 - k]) / Double(k / 3 + 1)
                }
                let i = (y * width + x) * 3
                rgb[i] = UInt8(max(0, min(255, 128 + 80 * v * sin(lat))))
                rgb[i + 1] = UInt8(y * 255 / height)
                rgb[i + 2] = UInt8(max(0, min(255, 128 - 60 * v)))
            }
        }
        return rgb
    }

    @Test("check groups copies, re-encodes, resizes and yaw-rolled copies; the best member is named; others stay apart")
    func groupsInTheCSV() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let encoder = try JPEGEncoder()
        func write(_ rgb: [UInt8], _ width: Int, _ height: Int, quality: Int, _ name: String) throws {
            try F.write(try encoder.encode(rgb: rgb, width: width, height: height, quality: quality, subsampling: .s420,
                                           progressive: false), to: folder, as: name)
        }
        try write(Self.scene(seed: 1), 512, 256, quality: 95, "a.jpg")
        try write(Self.scene(seed: 1), 512, 256, quality: 40, "a-reencoded.jpg")
        try write(Self.scene(seed: 1, roll: 170), 512, 256, quality: 90, "a-turned.jpg")
        try write(Self.scene(seed: 1, width: 256, height: 128), 256, 128, quality: 90, "a-small.jpg")
        try write(Self.scene(seed: 2), 512, 256, quality: 95, "b.jpg")
        try write(Self.scene(seed: 3), 512, 256, quality: 95, "c.jpg")
        try write([UInt8](repeating: 90, count: 512 * 256 * 3), 512, 256, quality: 90, "blank1.jpg")
        try write([UInt8](repeating: 91, count: 512 * 256 * 3), 512, 256, quality: 90, "blank2.jpg")
        let summary = try await F.check(folder, thumbnails: false)
        #expect(summary.duplicateGroups == 1)
        let rows = Dictionary(uniqueKeysWithValues: try F.table(summary.csvPath).rows.map { ($0["filename"] ?? "", $0) })
        for name in ["a.jpg", "a-reencoded.jpg", "a-turned.jpg", "a-small.jpg"] {
            #expect(rows[name]?["duplicate_group"] == "a", "\(name): \(rows[name]?["yaw_hash"] ?? "")")
        }
        #expect(rows["a.jpg"]?["duplicate_of"] == "")
        #expect(rows["a-turned.jpg"]?["duplicate_of"] == "a")
        for name in ["b.jpg", "c.jpg", "blank1.jpg", "blank2.jpg"] { #expect(rows[name]?["duplicate_group"] == "", "\(name)") }
        #expect(rows["a.jpg"]?["phash"]?.count == 16 && rows["a.jpg"]?["yaw_hash"]?.count == 16)
        // Removing the best member regroups the rest under the next best.
        try FileManager.default.removeItem(atPath: folder + "/a.jpg")
        try await F.check(folder, thumbnails: false)
        let after = Dictionary(uniqueKeysWithValues: try F.table(summary.csvPath).rows.map { ($0["filename"] ?? "", $0) })
        #expect(after["a-turned.jpg"]?["duplicate_group"] != "" && after["a-turned.jpg"]?["duplicate_group"] != "a")
        #expect(after["a.jpg"]?["duplicate_group"] == "")
    }
}
