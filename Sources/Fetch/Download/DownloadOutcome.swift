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
    /// The download failed for good (in this run); the reason is a sentence for the CSV and the summary.
    case failed(reason: String)
    /// The task was cancelled; the `.part` file was removed.
    case cancelled

    /// A short, stable category for summaries (`cdn 403`, `cdn error`, `cancelled`…), without ids or URLs.
    public var category: String {
        switch self {
        case .downloaded: return "downloaded"
        case .urlRejected(let status, _): return "cdn \(status)"
        case .failed(let reason): return DownloadOutcome.category(of: reason)
        case .cancelled: return "cancelled"
        }
    }

    /// Whether a failure reason describes a transient problem (network error, short or truncated body, CDN
    /// 408/425/429/5xx) worth one more round later in the run.
    /// - Parameter reason: A failure reason.
    public static func isTransient(_ reason: String) -> Bool {
        let category = category(of: reason)
        if ["network", "short body", "truncated"].contains(category) { return true }
        guard category.hasPrefix("cdn "), let status = Int(category.dropFirst(4)) else { return false }
        return status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
    }

    /// The category of a failure sentence: the text before the first colon, which every reason written by
    /// ``CDNDownloader`` and ``DownloadRun`` starts with (for example `cdn 503: …` → `cdn 503`).
    /// - Parameter reason: A failure reason.
    public static func category(of reason: String) -> String {
        guard let colon = reason.firstIndex(of: ":") else { return reason }
        return String(reason[..<colon])
    }
}
