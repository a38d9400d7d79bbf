import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing
@testable import Tool
#if canImport(Glibc)
import Glibc
#endif

/// Issue 7 §4: `mly360 merge` of a shard folder on another device (tmpfs `/dev/shm` against the temporary
/// folder's disk) cannot hard-link; it copies every image and thumbnail, atomically, and the merged dataset
/// checks out. Skipped when both folders are on one device.
@Suite("mly360 merge across devices", .serialized)
struct MergeAcrossDevicesTests {
    /// The other device's root: tmpfs on Linux.
    static let otherRoot = "/dev/shm"

    /// The device of the folder at `path`, nil when it cannot be read.
    static func device(of path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_dev) : nil
    }

    /// Whether `/dev/shm` is writable and on another device than the temporary folder.
    static let available: Bool = {
        guard access(otherRoot, W_OK) == 0, let other = device(of: otherRoot),
            let temporary = device(of: NSTemporaryDirectory()) else { return false }
        return other != temporary
    }()

    /// The `(st_dev, st_ino)` of a file.
    static func identity(_ path: String) throws -> (device: UInt64, inode: UInt64) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CatalogError.io(path: path, message: String(cString: strerror(errno))) }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    @Test("a shard on tmpfs merged into a folder on disk: every file copied (no link), the same bytes, the CSV's SHA-256s hold; again changes nothing; --move empties the shard",
          .enabled(if: available, "/dev/shm is not a writable tmpfs on another device than the temporary folder"),
          .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
    func copiesAcrossDevices() async throws {
        let world = WorldSpec(sequences: 4, imagesPerSequence: 3...5, panoFraction: 1)
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 33, world: world))
        try await simulator.start()
        let shard = Self.otherRoot + "/mly360-merge-shard-\(UUID().uuidString)"
        let folder = try ToolFixtures.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: shard)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let box = world.area
        let code = await MLY360.execute(["download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)",
                                         "--api-url", simulator.graphURL, "--tile-rate", "6000", "--out", shard,
                                         "--thumbnail-size", "64"] + CatalogCommandTests.token)
        try await simulator.shutdown()
        #expect(code == ToolExit.completed)
        let shardRows = try ToolFixtures.rows(shard + "/mapillary_images_metadata.csv")
        let ids = Set(shardRows.compactMap { $0["id"] })
        try #require(!ids.isEmpty)
        #expect(ids == Set(simulator.world.panoramas.map(\.id)))
        let thumbnails = try FileManager.default.contentsOfDirectory(atPath: shard + "/thumbnails").filter { $0.hasSuffix(".jpg") }
        #expect(thumbnails.count == ids.count)

        let merged = folder + "/merged"
        let summary = try CatalogMerge.merge(shards: [shard], into: merged)
        #expect(summary.imagesAdded == ids.count)
        #expect(summary.filesPlaced == ids.count + thumbnails.count)
        #expect(summary.filesCopied == summary.filesPlaced, "every file crossed the device boundary by copy")
        let rows = try ToolFixtures.rows(merged + "/mapillary_images_metadata.csv")
        #expect(rows.count == ids.count)
        #expect(Set(rows.compactMap { $0["id"] }) == ids)
        for row in rows {
            let id = try #require(row["id"])
            let source = "\(shard)/\(id).jpg"
            let target = "\(merged)/\(id).jpg"
            let (sourceDevice, _) = try Self.identity(source)
            let (targetDevice, _) = try Self.identity(target)
            #expect(sourceDevice != targetDevice)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: target)))
            #expect(bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: source))))
            #expect(SHA256Hex.of(bytes) == row["sha256"], "\(id): the merged file does not match its record")
            #expect(row["download_status"] == "downloaded" && row["jpeg_status"] == "ok")
            let thumbnail = try #require(row["thumbnail"])
            #expect(FileManager.default.fileExists(atPath: merged + "/" + thumbnail))
        }
        // No temporary file of a copy is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: merged).filter { $0.hasPrefix(".") && $0 != ".mly360" }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // Idempotent across devices: nothing copied again, the CSV unchanged.
        let csv = try Data(contentsOf: URL(fileURLWithPath: merged + "/mapillary_images_metadata.csv"))
        let again = try CatalogMerge.merge(shards: [shard], into: merged)
        #expect(again.filesPlaced == 0 && again.imagesAdded == 0 && again.imagesAlreadyMerged == ids.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: merged + "/mapillary_images_metadata.csv")) == csv)

        // The command says the files were copied; --move across devices copies, then removes the shard's files.
        let moved = folder + "/moved"
        let (status, output) = try PlanCommandTests.run(["merge", "--move", "--out", moved, shard])
        #expect(status == ToolExit.completed)
        #expect(output.contains("files copied      \(ids.count + thumbnails.count) (another device)"), "\(output)")
        #expect(ids.allSatisfy { !FileManager.default.fileExists(atPath: "\(shard)/\($0).jpg") })
        #expect(ids.allSatisfy { FileManager.default.fileExists(atPath: "\(moved)/\($0).jpg") })
        let movedRows = try ToolFixtures.rows(moved + "/mapillary_images_metadata.csv")
        #expect(Set(movedRows.compactMap { $0["id"] }) == ids)
        for row in movedRows {
            let id = try #require(row["id"])
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(moved)/\(id).jpg")))
            #expect(SHA256Hex.of(bytes) == row["sha256"])
        }
    }
}
