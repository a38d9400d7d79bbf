@testable import Catalog
import Fetch
import Foundation
import Testing

@Suite("Catalog store (real SQLite in a temporary folder)")
struct CatalogStoreTests {
    static func image(_ id: String, sequence: String = "seqA", capturedAt: Int64 = 1_630_146_036_000,
                      extra: String = "") throws -> MapillaryImage {
        let raw = #"{"id":"\#(id)","sequence":"\#(sequence)","captured_at":\#(capturedAt),"is_pano":true\#(extra)}"#
        return try MapillaryImage(json: try JSONParser.parse(Array(raw.utf8)), raw: raw)
    }

    @Test("the ledger records cells atomically and keeps pending work in first-recorded order")
    func ledger() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Catalog(folder: folder)
        try await store.recordCell("cell-1", sequences: ["s2", "s1"], looseImageIDs: ["9"])
        try await store.recordCell("cell-2", sequences: ["s1", "s3"], looseImageIDs: ["9", "8"])
        try await store.recordCell("cell-2", sequences: [], looseImageIDs: [])
        #expect(try await store.completedCells() == ["cell-1", "cell-2"])
        #expect(try await store.pendingSequences() == ["s2", "s1", "s3"])
        #expect(try await store.pendingLooseImageIDs() == ["9", "8"])

        try await store.recordSequenceExpanded("s1")
        try await store.recordCell("cell-3", sequences: ["s1"], looseImageIDs: [])
        #expect(try await store.pendingSequences() == ["s2", "s3"], "an expanded sequence never becomes pending again")
        try await store.recordLooseImagesResolved(["9"])
        #expect(try await store.pendingLooseImageIDs() == ["8"])

        // Reopening (a new process) sees the same state.
        let reopened = try Catalog(folder: folder)
        #expect(try await reopened.pendingSequences() == ["s2", "s3"])
        #expect(try await reopened.completedCells() == ["cell-1", "cell-2", "cell-3"])
    }

    @Test("creator cursors: nil means finished, and access_token never reaches the database")
    func creatorCursor() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let token = "MLY|77|abcdefabcdefabcdefabcdefabcdefab"
        let store = try Catalog(folder: folder, redacting: token)
        #expect(try await store.creatorCursor("alice") == nil)
        #expect(try await store.creatorFinished("alice") == false)
        try await store.recordCreatorCursor("alice", next: "https://graph.example/images?creator_username=alice&access_token=SECRET&after=XYZ")
        let cursor = try #require(try await store.creatorCursor("alice"))
        #expect(!cursor.contains("access_token"))
        #expect(!cursor.contains("SECRET"))
        #expect(cursor.contains("after=XYZ"))
        try await store.recordCreatorCursor("alice", next: "https://graph.example/images?after=\(token)")
        #expect(try await store.creatorCursor("alice")?.contains(token) == false)
        try await store.recordCreatorCursor("alice", next: nil)
        #expect(try await store.creatorCursor("alice") == nil)
        #expect(try await store.creatorFinished("alice"))
    }

    @Test("storing an image again updates its metadata and keeps its download record")
    func upsertKeepsDownload() async throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Catalog(folder: folder)
        try store.storeImages([try Self.image("26774514888887982"), try Self.image("5", sequence: "seqB")])
        #expect(try await store.knownImageIDs() == ["26774514888887982", "5"])
        try store.recordVerified(id: "26774514888887982", status: .downloaded, resolution: "original",
                                 url: "https://cdn.example/a", urlFetchedAt: Date(), filename: "26774514888887982.jpg",
                                 bytes: 1234, sha256: String(repeating: "a", count: 64))
        try store.storeImages([try Self.image("26774514888887982", extra: #","make":"GoPro""#)])
        let row = try #require(try store.image("26774514888887982"))
        #expect(row.rawJSON.contains("GoPro"))
        #expect(row.downloadStatus == .downloaded)
        #expect(row.bytes == 1234)
        #expect(row.isVerified)
        #expect(try store.verifiedSizes() == ["26774514888887982": 1234])

        try store.recordFailure(id: "26774514888887982", reason: "network: reset", resolution: "original",
                                url: nil, urlFetchedAt: nil)
        let failed = try #require(try store.image("26774514888887982"))
        #expect(failed.downloadStatus == .failed)
        #expect(failed.downloadError == "network: reset")
        #expect(!failed.isVerified)
        #expect(try store.verifiedSizes().isEmpty)
        #expect(try store.imageIDs() == ["26774514888887982", "5"])
    }

    @Test("markPresent and clearDownloads change many rows at once")
    func batchUpdates() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Catalog(folder: folder)
        let ids = (1...30).map(String.init)
        try store.storeImages(try ids.map { try Self.image($0) })
        for id in ids {
            try store.recordVerified(id: id, status: .downloaded, resolution: "2048", url: nil, urlFetchedAt: nil,
                                     filename: id + ".jpg", bytes: 10, sha256: "00")
        }
        try store.markPresent(Array(ids.prefix(10)))
        try store.clearDownloads(Array(ids.suffix(5)))
        #expect(try store.image("1")?.downloadStatus == .present)
        #expect(try store.image("15")?.downloadStatus == .downloaded)
        #expect(try store.image("30")?.downloadStatus == nil)
        #expect(try store.verifiedSizes().count == 25)
        #expect(try store.recordCount() == 30)
    }

    @Test("the token is scrubbed from every stored text")
    func tokenScrubbed() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let token = "MLY|99|0123456789abcdef0123456789abcdef"
        let store = try Catalog(folder: folder, redacting: token)
        try store.storeImages([try Self.image("7", extra: #","thumb_original_url":"https://x/?t=\#(token)""#)])
        try store.recordFailure(id: "7", reason: "cdn 403: \(token)", resolution: nil,
                                url: "https://x/?t=\(token)", urlFetchedAt: nil)
        try store.setMetaValue("source \(token)", for: "source")
        let row = try #require(try store.image("7"))
        #expect(!row.rawJSON.contains(token))
        #expect(row.downloadError?.contains(token) == false)
        #expect(row.downloadURL?.contains(token) == false)
        #expect(try store.metaValue("source")?.contains(token) == false)
    }

    @Test("an output folder that cannot hold the state is an io error naming the path")
    func unwritableFolder() throws {
        let folder = try CatalogFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/plain-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            _ = try Catalog(folder: file)
        } throws: { error in
            guard case CatalogError.io(let path, _) = error else { return false }
            return path.hasPrefix(file)
        }
    }
}
