#if canImport(Glibc)
import Glibc
#endif

extension JPEGStructure {
    /// Walks the markers of a JPEG held in memory. Never throws and never reads past the buffer:
    /// anything irregular (no SOI, truncated or oversized segments, junk, no EOI) is recorded in
    /// ``problems`` and the walk stops or goes on as far as the bytes allow.
    /// - Parameter bytes: the whole file.
    /// - Returns: the structure found; ``startsWithSOI`` is false when the bytes are not a JPEG.
    public static func scan(_ bytes: [UInt8]) -> JPEGStructure {
        var result = JPEGStructure()
        guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
            result.problems.append(notJPEGDescription(bytes))
            return result
        }
        result.startsWithSOI = true
        result.segments.append(JPEGSegment(marker: 0xD8, offset: 0, length: 0))
        result.walk(bytes, from: 2)
        if result.frame == nil {
            result.problems.append("no frame header (SOFn): the file holds no image")
        }
        return result
    }

    /// Why `bytes` is not a JPEG, as a sentence: "empty file" or "not a JPEG: starts with 89 50 4E 47".
    static func notJPEGDescription(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "empty file" }
        let head = bytes.prefix(4).map { JPEGSegment.hexByte($0) }.joined(separator: " ")
        return "not a JPEG: starts with \(head)"
    }

    private mutating func walk(_ bytes: [UInt8], from start: Int) {
        let n = bytes.count
        var pos = start
        while true {
            // Find the next marker. Fill FFs before it are legal; other bytes are junk, and so is an FF
            // followed by 00 or a reserved byte (counted as 2, as libjpeg does).
            let junkStart = pos
            var junkCount = 0
            var found: (marker: UInt8, offset: Int)?
            while pos < n {
                if bytes[pos] != 0xFF {
                    junkCount += 1
                    pos += 1
                    continue
                }
                var j = pos
                while j < n && bytes[j] == 0xFF { j += 1 }
                guard j < n else {
                    pos = n
                    break
                }
                let candidate = bytes[j]
                pos = j + 1
                if candidate == 0x00 || (0x02...0xBF).contains(candidate) {
                    junkCount += 2
                    continue
                }
                found = (candidate, j - 1)
                break
            }
            if junkCount > 0 { noteJunk(offset: junkStart, count: junkCount, before: found?.marker) }
            guard let (marker, markerOffset) = found else {
                problems.append("no EOI: the file ends at offset \(n) without an EOI marker")
                return
            }

            switch marker {
            case 0xD9:
                segments.append(JPEGSegment(marker: marker, offset: markerOffset, length: 0))
                eoiOffset = markerOffset
                bytesAfterEOI = n - pos
                return
            case 0xD8:
                segments.append(JPEGSegment(marker: marker, offset: markerOffset, length: 0))
                problems.append("a second SOI marker at offset \(markerOffset)")
                continue
            case 0xD0...0xD7, 0x01:
                segments.append(JPEGSegment(marker: marker, offset: markerOffset, length: 0))
                if marker != 0x01 {
                    problems.append("\(JPEGSegment.name(of: marker)) marker outside a scan at offset \(markerOffset)")
                }
                continue
            default:
                break
            }

            guard pos + 2 <= n else {
                problems.append("segment \(JPEGSegment.name(of: marker)) at offset \(markerOffset) is cut off before its length")
                return
            }
            let length = Int(bytes[pos]) << 8 | Int(bytes[pos + 1])
            guard length >= 2 else {
                segments.append(JPEGSegment(marker: marker, offset: markerOffset, length: length))
                problems.append("segment \(JPEGSegment.name(of: marker)) at offset \(markerOffset) declares an invalid length \(length)")
                return
            }
            guard pos + length <= n else {
                segments.append(JPEGSegment(marker: marker, offset: markerOffset, length: length))
                problems.append("segment \(JPEGSegment.name(of: marker)) at offset \(markerOffset) declares length \(length) past the end of the file (\(n - pos) bytes left)")
                return
            }
            let payload = bytes[(pos + 2)..<(pos + length)]
            pos += length
            var segment = JPEGSegment(marker: marker, offset: markerOffset, length: length)
            record(&segment, payload: payload)
            if marker == 0xDA {
                scanCount += 1
                let end = Self.endOfEntropyCodedData(bytes, from: pos) { offset, invalid in
                    problems.append("invalid marker FF \(JPEGSegment.hexByte(invalid)) inside the entropy-coded data at offset \(offset)")
                }
                segment.entropyCodedLength = end - pos
                segments.append(segment)
                pos = end
                if end >= n {
                    problems.append("no EOI: the file ends inside the entropy-coded data")
                    return
                }
            } else {
                segments.append(segment)
            }
        }
    }

    private mutating func noteJunk(offset: Int, count: Int, before marker: UInt8?) {
        junk.append(Junk(offset: offset, count: count, beforeMarker: marker))
        if let marker {
            problems.append("\(count) junk byte\(count == 1 ? "" : "s") before marker 0x\(JPEGSegment.hexByte(marker)) at offset \(offset)")
        } else {
            problems.append("\(count) junk byte\(count == 1 ? "" : "s") at the end of the file from offset \(offset)")
        }
    }

    /// Reads what a segment's payload says into the structure.
    private mutating func record(_ segment: inout JPEGSegment, payload: ArraySlice<UInt8>) {
        let marker = segment.marker
        switch marker {
        case 0xE0...0xEF:
            let kind = JPEGSegment.Kind.identify(marker: marker, payload: payload)
            segment.kind = kind
            recordApplication(kind, payload: payload, offset: segment.offset)
        case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
            guard frame == nil else {
                problems.append("a second frame header \(segment.name) at offset \(segment.offset) (ignored)")
                return
            }
            if let parsed = JPEGFrame.parse(marker: marker, payload: payload) {
                frame = parsed
            } else {
                problems.append("frame header \(segment.name) at offset \(segment.offset) is too short")
            }
        case 0xDD:
            if payload.count >= 2 {
                restartInterval = Int(payload[payload.startIndex]) << 8 | Int(payload[payload.startIndex + 1])
            } else {
                problems.append("DRI at offset \(segment.offset) is too short")
            }
        case 0xFE:
            comments.append(String(decoding: payload, as: UTF8.self))
        default:
            break
        }
    }

    private mutating func recordApplication(_ kind: JPEGSegment.Kind, payload: ArraySlice<UInt8>, offset: Int) {
        switch kind {
        case .exif:
            if exifPayload == nil { exifPayload = Array(payload) }
        case .xmp:
            if xmpPacket == nil {
                xmpPacket = Array(payload.dropFirst(JPEGSegment.Signature.xmp.count))
            } else {
                problems.append("a second standard XMP packet at offset \(offset) (ignored)")
            }
        case .extendedXMP:
            let body = payload.dropFirst(JPEGSegment.Signature.extendedXMP.count)
            guard body.count >= 40 else {
                problems.append("Extended XMP chunk at offset \(offset) is too short for its header (\(body.count) bytes)")
                return
            }
            let b = body.startIndex
            let guidBytes = body[b..<(b + 32)]
            guard guidBytes.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }) else {
                problems.append("Extended XMP chunk at offset \(offset) has a GUID that is not 32 hex digits")
                return
            }
            func u32(_ i: Int) -> UInt32 {
                UInt32(body[i]) << 24 | UInt32(body[i + 1]) << 16 | UInt32(body[i + 2]) << 8 | UInt32(body[i + 3])
            }
            extendedXMPChunks.append(ExtendedXMPChunk(
                guid: String(decoding: guidBytes, as: UTF8.self), fullLength: u32(b + 32), offset: u32(b + 36),
                data: Array(body[(b + 40)...])))
        case .adobe:
            // "Adobe", version(2), flags0(2), flags1(2), transform(1)
            if payload.count >= 12 { adobeTransform = Int(payload[payload.startIndex + 11]) }
        default:
            break
        }
    }

    /// The offset of the first real marker after entropy-coded data starting at `start`, or `bytes.count`.
    /// `FF 00` (stuffing), `FF D0`–`FF D7` (RSTn) and `FF FF` (fill) belong to the data; an `FF`
    /// followed by a reserved byte (`02`…`BF`) is reported through `invalid` and treated as data.
    static func endOfEntropyCodedData(
        _ bytes: [UInt8], from start: Int, invalid: (Int, UInt8) -> Void
    ) -> Int {
        bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let n = buffer.count
            var i = start
            while i < n {
                guard let hit = memchr(base + i, 0xFF, n - i) else { return n }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                // Skip a run of FFs: the last one is the candidate marker prefix.
                while i + 1 < n && base[i + 1] == 0xFF { i += 1 }
                guard i + 1 < n else { return n }
                let next = base[i + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) {
                    i += 2
                } else if (0x02...0xBF).contains(next) {
                    invalid(i, next)
                    i += 2
                } else {
                    return i
                }
            }
            return n
        }
    }
}
