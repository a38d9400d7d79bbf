import Crypto
import Foundation

/// Lower-case hexadecimal SHA-256.
enum Hex {
    /// The SHA-256 of `bytes` as 64 lower-case hex digits.
    static func sha256(_ bytes: [UInt8]) -> String {
        string(SHA256.hash(data: bytes))
    }

    /// Lower-case hex of any byte sequence (a digest).
    static func string<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Hex {
    /// An incremental SHA-256 that ends as lower-case hex.
    struct Hasher {
        private var state = SHA256()

        /// Adds bytes.
        mutating func update<D: DataProtocol>(_ bytes: D) { state.update(data: bytes) }

        /// The digest of everything added, as hex.
        func finish() -> String { Hex.string(state.finalize()) }
    }
}
