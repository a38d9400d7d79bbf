import Fetch
import Foundation
import Testing

@Suite("AtomicFile and SHA256Hex: the project's one atomic writer and one hex digest")
struct AtomicFileTests {
    static func folder(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "mly360-atomic-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("write replaces the old file and leaves no temporary file")
    func replaces() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/thumb.jpg"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["thumb.jpg"])
    }

    @Test("nothing appears under the final name until commit; an uncommitted file leaves nothing")
    func uncommitted() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/1.jpg"
        var temporary = ""
        do {
            let file = try AtomicFile(finalPath: path, temporary: .partSuffix)
            temporary = file.temporaryPath
            try file.append([0xFF, 0xD8])
            #expect(temporary == path + ".part" && file.count == 2)
            #expect(FileManager.default.fileExists(atPath: temporary) && !FileManager.default.fileExists(atPath: path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("a write under a regular file fails with ENOTDIR and the path")
    func unwritable() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/plain"
        try Data([0]).write(to: URL(fileURLWithPath: file))
        #expect(throws: AtomicFileError(path: file + "/thumb.jpg", errno: ENOTDIR)) {
            try AtomicFile.write([1], to: file + "/thumb.jpg")
        }
    }

    @Test("SHA-256 as lower-case hex, whole and incremental", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func hex(_ text: String, _ expected: String) {
        #expect(SHA256Hex.of(Array(text.utf8)) == expected)
        var hasher = SHA256Hex.Hasher()
        for byte in text.utf8 { hasher.update([byte]) }
        #expect(hasher.finish() == expected)
    }
}
