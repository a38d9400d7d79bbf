import Foundation
import Logging

extension DownloadRun {
    /// A URL to download and where it came from.
    struct Source {
        var resolution: Resolution
        var url: String
        var fetchedAt: Date
    }

    /// Downloads one image (or recognises its file as already there) and records the outcome.
    /// - Throws: ``FetchError/authRejected(message:)`` from a URL refresh (stops the run) or
    ///   ``FetchError/io(path:message:)`` when the state cannot be written. Everything else is a failed row.
    func process(_ id: String, _ context: Context) async throws(FetchError) {
        guard let row = try context.state.image(id) else { return }
        guard let finalPath = CDNDownloader.filePath(id: id, in: context.out) else {
            try fail(id, .invalidID(id), nil, context)
            return
        }
        // A file under the final name without a verified record: a run stopped between rename and
        // bookkeeping (or a user's copy). Re-verify it rather than download it again.
        if !context.replacing.contains(id), FileManager.default.fileExists(atPath: finalPath) {
            if let verified = FileVerifier.verify(path: finalPath) {
                unlink(finalPath + ".part")  // a partial download of a file that turned out to be complete
                try context.state.recordVerified(id: id, status: .present, resolution: row.resolution,
                                                 url: nil, urlFetchedAt: nil, filename: id + ".jpg",
                                                 bytes: verified.bytes, sha256: verified.sha256, verifiedAt: Date())
                context.tally.recordPresent()
                return
            }
            unlink(finalPath)
        }
        guard let image = row.image else {
            try fail(id, .invalidRecord, nil, context)
            return
        }
        var source = pickSource(image, fetchedAt: row.discoveredAt)
        var refreshed = false
        if source == nil {
            refreshed = true
            switch try await refresh(id, because: "the stored metadata has no thumbnail URL", context) {
            case .source(let fresh): source = fresh
            case .failure(let reason):
                try fail(id, reason, nil, context)
                return
            case .cancelled: return
            }
        }
        guard var current = source else {
            try fail(id, .noURL(fields: options.resolution.fallbacks.map(\.fieldName)), nil, context)
            return
        }
        while true {
            let tally = context.tally
            let outcome = await context.cdn.download(id: id, from: current.url, into: context.out,
                                                     logger: options.logger, onBytes: { tally.addBytes($0) })
            switch outcome {
            case .downloaded(let bytes, let sha256):
                try context.state.recordVerified(id: id, status: .downloaded, resolution: current.resolution.rawValue,
                                                 url: current.url, urlFetchedAt: current.fetchedAt,
                                                 filename: id + ".jpg", bytes: bytes, sha256: sha256,
                                                 verifiedAt: Date())
                tally.recordDownloaded(bytes: bytes)
                return
            case .cancelled:
                return
            case .failed(let reason):
                try fail(id, reason, current, context)
                return
            case .urlRejected(let status, let message):
                if refreshed {
                    try fail(id, .urlRejectedAfterRefresh(status: status, message: message), current, context)
                    return
                }
                refreshed = true
                let said = message.isEmpty ? "" : " (\(message))"
                switch try await refresh(id, because: "the CDN refused the URL with HTTP \(status)\(said)", context) {
                case .source(let fresh?):
                    current = fresh
                case .source(nil):
                    try fail(id, .urlRejectedNoFreshURL(status: status, message: message), current, context)
                    return
                case .failure(let reason):
                    try fail(id, reason, current, context)
                    return
                case .cancelled:
                    return
                }
            }
        }
    }

    /// The preferred resolution's URL, else the next smaller one's.
    func pickSource(_ image: MapillaryImage, fetchedAt: Date) -> Source? {
        for resolution in options.resolution.fallbacks {
            if let url = image.thumbnailURL(resolution) {
                return Source(resolution: resolution, url: url, fetchedAt: fetchedAt)
            }
        }
        return nil
    }

    /// The result of asking the Graph API for a fresh URL.
    enum Refresh {
        /// Fresh metadata arrived; its best URL, or `nil` when it has none.
        case source(Source?)
        /// The refresh failed; the reason for the failed row.
        case failure(DownloadFailure)
        /// The task was cancelled.
        case cancelled
    }

    /// Fetches fresh thumbnail URLs for `id` (`GET /{id}?fields=…thumb…`), logging why at `.info`.
    /// - Throws: ``FetchError/authRejected(message:)`` only.
    func refresh(_ id: String, because why: String, _ context: Context) async throws(FetchError) -> Refresh {
        options.logger.info("refreshing the thumbnail URL of image \(id): \(why)", metadata: ["id": "\(id)"])
        do {
            guard let image = try await context.graph.logging(to: options.logger).image(id: id, fields: ImageFields.thumbnails) else {
                return .failure(.notFound)
            }
            return .source(pickSource(image, fetchedAt: Date()))
        } catch {
            switch error {
            case .authRejected: throw error
            case .cancelled: return .cancelled
            default:
                if Task.isCancelled { return .cancelled }
                return .failure(.urlRefreshFailed(error))
            }
        }
    }

    /// Records a failed row (its reason's sentence goes to the state) and counts it.
    func fail(_ id: String, _ reason: DownloadFailure, _ source: Source?, _ context: Context) throws(FetchError) {
        try context.state.recordFailure(id: id, reason: reason.description, resolution: source?.resolution.rawValue,
                                        url: source?.url, urlFetchedAt: source?.fetchedAt)
        context.tally.recordFailure(id: id, reason: reason)
    }
}
