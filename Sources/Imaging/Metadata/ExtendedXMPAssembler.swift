import Crypto

/// Reassembles and verifies Extended XMP (Adobe XMP Part 3 §1.1.3.1; the checks follow Skia's `read_xmp_extended`).
///
/// 1. Keep only the chunks whose GUID is the standard packet's `xmpNote:HasExtendedXMP` (others are stale
///    leftovers: warned about and ignored). 2. All must declare the same full length, at most 16 MiB.
/// 3. Sort by offset. 4. Contiguous from 0: no gap, no overlap, no overflow; a repeated offset must carry
/// identical bytes. 5. The total equals the full length. 6. MD5 of the whole equals the GUID (case-insensitive).
enum ExtendedXMPAssembler {
    /// The largest extended serialization accepted: 16 MiB.
    static let maximumLength = 16 * 1024 * 1024

    /// The result of an assembly.
    struct Outcome: Equatable {
        /// `.absent`, `.verified` or `.failed`.
        var status: ExtendedXMPStatus
        /// The verified serialization, when `status` is `.verified`.
        var serialization: [UInt8]?
        /// Warnings that do not by themselves fail the assembly (ignored leftovers, duplicates).
        var warnings: [String]
    }

    /// Assembles the chunks named by `guid`.
    ///
    /// - Parameters:
    ///   - guid: the standard packet's `xmpNote:HasExtendedXMP`; nil when it names none or could not be read.
    ///   - chunks: every Extended XMP chunk in the file, in file order.
    static func assemble(guid: String?, chunks: [ExtendedXMPChunk]) -> Outcome {
        var warnings: [String] = []
        guard let guid else {
            if chunks.isEmpty { return Outcome(status: .absent, serialization: nil, warnings: []) }
            return failure("\(count(chunks.count)) present but the standard XMP names no HasExtendedXMP GUID", warnings)
        }
        let matching = chunks.filter { $0.guid.lowercased() == guid.lowercased() }
        let leftovers = Set(chunks.filter { $0.guid.lowercased() != guid.lowercased() }.map(\.guid)).sorted()
        if !leftovers.isEmpty {
            warnings.append(
                "ignored \(count(chunks.count - matching.count)) with another GUID (\(leftovers.joined(separator: ", "))), "
                    + "not the \(guid) named by the standard XMP: stale leftovers")
        }
        guard let first = matching.first else {
            return failure("the standard XMP names Extended XMP \(guid) but no chunk carries that GUID", warnings)
        }
        let fullLength = Int(first.fullLength)
        if let other = matching.first(where: { $0.fullLength != first.fullLength }) {
            return failure("chunks disagree on the full length (\(fullLength) and \(other.fullLength) bytes)", warnings)
        }
        guard fullLength <= maximumLength else {
            return failure("declared length \(fullLength) bytes exceeds the \(maximumLength)-byte (16 MiB) limit", warnings)
        }
        guard fullLength > 0 else {
            return failure("declared length is 0 bytes", warnings)
        }
        let sorted = matching.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element)
        var whole: [UInt8] = []
        whole.reserveCapacity(fullLength)
        var used = 0
        var previous: ExtendedXMPChunk?
        for chunk in sorted {
            let offset = Int(chunk.offset)
            if let previous, previous.offset == chunk.offset {
                guard previous.data == chunk.data else {
                    return failure("two different chunks claim offset \(offset)", warnings)
                }
                warnings.append("a duplicate chunk at offset \(offset) was ignored")
                continue
            }
            if offset > whole.count {
                return failure("bytes \(whole.count)..<\(offset) are missing (a chunk is missing)", warnings)
            }
            if offset < whole.count {
                return failure("the chunk at offset \(offset) overlaps the previous one, which ends at \(whole.count)", warnings)
            }
            guard chunk.data.count <= fullLength - offset else {
                return failure(
                    "the chunk at offset \(offset) (\(chunk.data.count) bytes) runs past the declared length \(fullLength)",
                    warnings)
            }
            whole.append(contentsOf: chunk.data)
            used += 1
            previous = chunk
        }
        guard whole.count == fullLength else {
            return failure("only \(whole.count) of \(fullLength) bytes are present (the last chunk is missing)", warnings)
        }
        let digest = Insecure.MD5.hash(data: whole).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }.joined()
        guard digest.lowercased() == guid.lowercased() else {
            return failure("MD5 of the reassembled \(fullLength) bytes is \(digest), not the GUID \(guid)", warnings)
        }
        return Outcome(status: .verified(chunks: used, bytes: fullLength), serialization: whole, warnings: warnings)
    }

    private static func failure(_ reason: String, _ warnings: [String]) -> Outcome {
        Outcome(status: .failed(reason: reason), serialization: nil, warnings: warnings)
    }

    private static func count(_ chunks: Int) -> String {
        chunks == 1 ? "1 Extended XMP chunk" : "\(chunks) Extended XMP chunks"
    }
}
