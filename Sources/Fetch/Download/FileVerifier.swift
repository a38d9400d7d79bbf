import Crypto
import Foundation

/// Re-verifies a JPEG already on disk: hashes it in 1 MiB chunks (bounded memory) and checks that it
/// starts with SOI (`FF D8`) and that its primary image ends with EOI.
enum FileVerifier {
    /// Size and SHA-256 of a file that passes the checks.
    struct Verified: Equatable {
        var bytes: Int64
        var sha256: String
    }

    /// Verifies the file at `path`; `nil` when it cannot be read or is not a complete JPEG.
    static func verify(path: String) -> Verified? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256Hex.Hasher()
        var head: [UInt8] = []
        var tail: [UInt8] = []
        var total: Int64 = 0
        while true {
            let read: Data?
            do {
                read = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            guard let chunk = read, !chunk.isEmpty else { break }
            hasher.update(chunk)
            if head.count < 2 { head.append(contentsOf: chunk.prefix(2 - head.count)) }
            tail.append(contentsOf: chunk.suffix(2))
            if tail.count > 2 { tail.removeFirst(tail.count - 2) }
            total += Int64(chunk.count)
        }
        guard head == [0xFF, 0xD8] else { return nil }
        if tail != [0xFF, 0xD9], !CDNDownloader.hasEOI(path: path) { return nil }
        return Verified(bytes: total, sha256: hasher.finish())
    }
}
