import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension CDNDownloader {
    /// The result of one HTTP attempt.
    enum AttemptResult {
        /// Final: return this outcome.
        case done(DownloadOutcome)
        /// Transient: try again (if attempts remain) — the reason is kept for the final failure.
        case retry(DownloadFailure)
    }

    /// One GET of `url`, streamed into `finalPath.part` and renamed to `finalPath` when every check passes.
    ///
    /// When a `.part` is there (kept by an earlier attempt or run whose server offered `Accept-Ranges`), the
    /// request asks for the rest with `Range: bytes=N-`; a 206 whose `Content-Range` starts at N is appended
    /// and the SHA-256 covers the whole file; any other answer starts the file again.
    func attemptDownload(url: String, to finalPath: String, logger: Logger,
                         onBytes: @Sendable (Int) -> Void) async -> AttemptResult {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "mly360")
        request.headers.add(name: "Accept", value: "image/jpeg")
        let partPath = finalPath + ".part"
        let existing = DownloadRun.fileSize(partPath) ?? 0
        if existing > 0 { request.headers.add(name: "Range", value: "bytes=\(existing)-") }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .init(configuration.connectTimeout + configuration.readTimeout))
        } catch {
            if Task.isCancelled || error is CancellationError { return .done(.cancelled) }
            return .retry(.network(message: CDNDownloader.describe(error)))
        }
        let status = Int(response.status.code)
        logger.debug("CDN answered HTTP \(status) for \(CDNDownloader.shown(url))",
                     metadata: ["file": "\(finalPath)", "status": "\(status)"])
        var resumeTotal: Int64?
        switch status {
        case 200:
            break
        case 206 where existing > 0:
            guard let range = response.headers.first(name: "Content-Range").flatMap(CDNDownloader.contentRange),
                  range.start == existing, range.total > existing
            else {
                unlink(partPath)
                return .retry(.network(message: "the CDN answered a Range request with another range; starting the file again"))
            }
            resumeTotal = range.total
            logger.debug("resuming \(finalPath) at byte \(existing) of \(range.total)", metadata: ["file": "\(finalPath)"])
        case 416 where existing > 0:
            unlink(partPath)
            return .retry(.cdnStatus(status: 416, message: "the partial file no longer fits; starting it again"))
        case 300..<400:
            return .done(.failed(reason: .cdnRedirect(status: status)))
        case 400, 401, 403, 404, 410:
            let message = await CDNDownloader.excerpt(of: response.body)
            return .done(.urlRejected(status: status, message: message))
        case 408, 425, 429, 500..<600:
            let message = await CDNDownloader.excerpt(of: response.body)
            return .retry(.cdnStatus(status: status, message: message))
        default:
            let message = await CDNDownloader.excerpt(of: response.body)
            return .done(.failed(reason: .cdnStatus(status: status, message: message)))
        }
        if let type = response.headers.first(name: "Content-Type"), !CDNDownloader.isJPEGContentType(type) {
            return .done(.failed(reason: .wrongContentType(type)))
        }
        let length = response.headers.first(name: "Content-Length").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        let declared = resumeTotal ?? length
        if let declared, declared > configuration.maximumBytes {
            return .done(.failed(reason: .tooLarge(announced: declared, limit: configuration.maximumBytes)))
        }
        let ranges = resumeTotal != nil
            || (response.headers.first(name: "Accept-Ranges")?.lowercased().contains("bytes") ?? false)
        return await stream(response.body, declared: declared, to: finalPath, resuming: resumeTotal != nil,
                            keepPartial: ranges, onBytes: onBytes)
    }

    /// `bytes START-END/TOTAL` → its start and total.
    static func contentRange(_ header: String) -> (start: Int64, total: Int64)? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let parts = text.dropFirst(6).split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let total = Int64(parts[1]),
              let start = parts[0].split(separator: "-").first.flatMap({ Int64($0) }) else { return nil }
        return (start, total)
    }

    /// Streams `body` into a `.part` file with SHA-256 (over the whole file when resuming), checks it, and
    /// commits it. With `keepPartial` (the server offers ranges), a body cut short leaves the `.part` for
    /// the next attempt.
    private func stream(_ body: HTTPClientResponse.Body, declared: Int64?, to finalPath: String, resuming: Bool,
                        keepPartial: Bool, onBytes: @Sendable (Int) -> Void) async -> AttemptResult {
        let part: AtomicFile
        var hasher = SHA256Hex.Hasher()
        var head: [UInt8] = []
        var tail: [UInt8] = []
        do throws(AtomicFileError) {
            if resuming {
                part = try AtomicFile(resumingPartOf: finalPath)
                guard let handle = FileHandle(forReadingAtPath: part.temporaryPath) else {
                    throw AtomicFileError(path: part.temporaryPath, errno: errno)
                }
                defer { try? handle.close() }
                while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    chunk.withUnsafeBytes { raw in hasher.update(raw) }
                    if head.count < 2 { head.append(contentsOf: chunk.prefix(2 - head.count)) }
                    tail.append(contentsOf: chunk.suffix(2))
                    if tail.count > 2 { tail.removeFirst(tail.count - 2) }
                }
            } else {
                part = try AtomicFile(finalPath: finalPath, temporary: .partSuffix)
            }
        } catch {
            return .done(.failed(reason: .localIO(message: CDNDownloader.localIOMessage(error))))
        }
        do {
            for try await buffer in body {
                try buffer.withUnsafeReadableBytes { (raw: UnsafeRawBufferPointer) throws(AtomicFileError) in
                    hasher.update(raw)
                    try part.append(raw)
                    if head.count < 2 { head.append(contentsOf: raw.prefix(2 - head.count)) }
                    tail.append(contentsOf: raw.suffix(2))
                    if tail.count > 2 { tail.removeFirst(tail.count - 2) }
                }
                onBytes(buffer.readableBytes)
                if part.count > configuration.maximumBytes {
                    return .done(.failed(reason: .tooLarge(announced: nil, limit: configuration.maximumBytes)))
                }
            }
        } catch let error as AtomicFileError {
            return .done(.failed(reason: .localIO(message: CDNDownloader.localIOMessage(error))))
        } catch {
            if Task.isCancelled || error is CancellationError { return .done(.cancelled) }
            if keepPartial && part.count > 0 { part.keepPartial() }
            return .retry(.network(message: "the connection failed after \(part.count) bytes (\(CDNDownloader.describe(error)))"))
        }
        if Task.isCancelled { return .done(.cancelled) }
        let received = part.count
        if let declared, declared != received {
            if keepPartial && received > 0 && received < declared { part.keepPartial() }
            return .retry(.shortBody(received: received, expected: declared))
        }
        guard head == [0xFF, 0xD8] else {
            return .done(.failed(reason: .notJPEG(bytes: received)))
        }
        if tail != [0xFF, 0xD9], !CDNDownloader.hasEOI(path: part.temporaryPath) {
            return .retry(.truncated(bytes: received))
        }
        do {
            try part.commit()
        } catch {
            return .done(.failed(reason: .localIO(message: CDNDownloader.localIOMessage(error))))
        }
        return .done(.downloaded(bytes: received, sha256: hasher.finish()))
    }

    /// The sentence a failed row shows for a local write failure (the same as ``FetchError/io(path:message:)``'s).
    static func localIOMessage(_ error: AtomicFileError) -> String {
        FetchError.io(path: error.path, message: error.reason).description
    }

    /// Whether a file that does not end in `FF D9` still has an end-of-image marker near its end (padding or
    /// a trailer may follow it). In entropy-coded data a `FF` byte is always followed by `00` or a restart
    /// marker, so an `FF D9` pair in the last ``eoiScanWindow`` bytes is an EOI. Reads only that tail; only
    /// for that rare case.
    static func hasEOI(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return false }
        let start = size > UInt64(eoiScanWindow) ? size - UInt64(eoiScanWindow) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let tail = try? handle.readToEnd() else { return false }
        let bytes = [UInt8](tail)
        guard bytes.count >= 2 else { return false }
        for index in stride(from: bytes.count - 2, through: 0, by: -1) where bytes[index] == 0xFF && bytes[index + 1] == 0xD9 {
            return true
        }
        return false
    }

    /// How far from the end ``hasEOI(path:)`` looks for the marker: 1 MiB.
    static let eoiScanWindow = 1 << 20

    /// `image/jpeg` (any case, parameters allowed) or the legacy `image/jpg` / `image/pjpeg`.
    static func isJPEGContentType(_ value: String) -> Bool {
        let media = value.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        return media == "image/jpeg" || media == "image/jpg" || media == "image/pjpeg"
    }

    /// The first 200 characters of an error body, printable ASCII only, or "" when unreadable.
    static func excerpt(of body: HTTPClientResponse.Body) async -> String {
        guard let buffer = try? await body.collect(upTo: 64 * 1024) else { return "" }
        let text = String(decoding: buffer.readableBytesView.prefix(200), as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : " " })
        return cleaned.trimmingCharacters(in: .whitespaces)
    }

    /// A short description of a network error, without URLs.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return String(describing: error) }
        return String(describing: error)
    }
}
