import Crypto
import Foundation

/// The project's one SHA-256 helper: digests as 64 lower-case hex digits (downloads, re-verified files,
/// the catalogue's file facts and CSV fingerprints).
public enum SHA256Hex {
    /// The SHA-256 of `bytes`.
    public static func of(_ bytes: [UInt8]) -> String {
        string(SHA256.hash(data: bytes))
    }

    /// Lower-case hex of a digest.
    public static func string<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An incremental SHA-256 that ends as hex.
    public struct Hasher {
        private var state = SHA256()

        /// Creates an empty hasher.
        public init() {}

        /// Adds bytes.
        public mutating func update<D: DataProtocol>(_ bytes: D) { state.update(data: bytes) }

        /// Adds the bytes of a buffer.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { state.update(bufferPointer: bytes) }

        /// The digest of everything added.
        public func finish() -> String { SHA256Hex.string(state.finalize()) }
    }
}
