/// What one CDN download attempt series (``CDNDownloader/download(id:from:into:onBytes:)``) ended with.
public enum DownloadOutcome: Sendable, Equatable {
    /// The file was streamed, checked and renamed to `OUT/<id>.jpg`.
    /// - Parameters:
    ///   - bytes: Its size.
    ///   - sha256: Lower-case hex SHA-256 of exactly the bytes served.
    case downloaded(bytes: Int64, sha256: String)
    /// The CDN refused the signed URL (HTTP 400, 401, 403, 404 or 410): it expired or is forbidden.
    /// The caller fetches fresh metadata once and tries again with the new URL.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - message: A short excerpt of the body (for example `URL signature expired`), possibly empty.
    case urlRejected(status: Int, message: String)
    /// The download failed for good (in this run); its description is the sentence for the CSV and the summary.
    case failed(reason: DownloadFailure)
    /// The task was cancelled; the `.part` file was removed.
    case cancelled

    /// A short, stable category for summaries (`cdn 403`, `network`, `cancelled`…), without ids or URLs.
    public var category: String {
        switch self {
        case .downloaded: return "downloaded"
        case .urlRejected(let status, _): return "cdn \(status)"
        case .failed(let failure): return failure.category
        case .cancelled: return "cancelled"
        }
    }
}
