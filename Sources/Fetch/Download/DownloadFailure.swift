/// Why one image could not be downloaded (in this run).
///
/// ``description`` is the sentence written to the CSV's `download_error` column and to the summary;
/// ``category`` is its short, stable class for counting (`network`, `cdn 503`, `not a jpeg`…), and
/// ``isTransient`` says whether the image is worth one more round later in the run.
public enum DownloadFailure: Sendable, Equatable, CustomStringConvertible {
    /// The connection failed or broke before the whole body arrived.
    /// - Parameter message: What happened, without URLs (for example `the connection failed after 512 bytes (…)`).
    case network(message: String)
    /// The CDN answered an HTTP status that is neither success nor "URL expired" (for example 503 or 418).
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - message: A short excerpt of the body, possibly empty.
    case cdnStatus(status: Int, message: String)
    /// The CDN answered with a redirect (3xx), which is refused.
    /// - Parameter status: The HTTP status.
    case cdnRedirect(status: Int)
    /// The CDN refused a URL fetched fresh after a first refusal.
    /// - Parameters:
    ///   - status: The HTTP status of the second refusal (400, 401, 403, 404 or 410).
    ///   - message: A short excerpt of the body, possibly empty.
    case urlRejectedAfterRefresh(status: Int, message: String)
    /// The CDN refused the URL and fresh metadata has no thumbnail URL.
    /// - Parameters:
    ///   - status: The HTTP status of the refusal.
    ///   - message: A short excerpt of the body, possibly empty.
    case urlRejectedNoFreshURL(status: Int, message: String)
    /// The body is shorter or longer than its `Content-Length`.
    /// - Parameters:
    ///   - received: Bytes received.
    ///   - expected: Bytes announced.
    case shortBody(received: Int64, expected: Int64)
    /// The body starts like a JPEG but has no EOI marker: it was cut off.
    /// - Parameter bytes: Bytes received.
    case truncated(bytes: Int64)
    /// The CDN served another `Content-Type` than `image/jpeg`.
    /// - Parameter contentType: The served type.
    case wrongContentType(String)
    /// The body does not start with the JPEG SOI marker `FF D8`.
    /// - Parameter bytes: Bytes received.
    case notJPEG(bytes: Int64)
    /// The file is larger than ``CDNDownloader/Configuration/maximumBytes``.
    /// - Parameters:
    ///   - announced: The `Content-Length` when it announced too much, `nil` when the body itself grew too large.
    ///   - limit: The limit in bytes.
    case tooLarge(announced: Int64?, limit: Int64)
    /// The thumbnail URL contains the access token, so it was not requested.
    case tokenInURL
    /// The thumbnail URL is not an absolute `http(s)` URL.
    case badURL
    /// The API gives no thumbnail URL for this image.
    /// - Parameter fields: The thumbnail fields that were absent, in the order tried.
    case noURL(fields: [String])
    /// Mapillary no longer has the image (found out when asking for a fresh URL).
    case notFound
    /// Asking the Graph API for a fresh URL failed.
    /// - Parameter error: The Graph error.
    case urlRefreshFailed(FetchError)
    /// The id is not 1–20 digits, so it names no file.
    /// - Parameter id: The id as stored.
    case invalidID(String)
    /// The image's stored metadata no longer parses.
    case invalidRecord
    /// The local disk refused the `.part` file (create, write, fsync or rename).
    /// - Parameter message: The error's description.
    case localIO(message: String)
    /// A transient failure that lasted through every attempt.
    /// - Parameters:
    ///   - last: The failure of the last attempt.
    ///   - attempts: How many attempts were made.
    indirect case exhausted(last: DownloadFailure, attempts: Int)

    /// The sentence for the CSV and the summary: the category, a colon, and the details.
    public var description: String {
        switch self {
        case .network(let message):
            return "network: \(message)"
        case .cdnStatus(let status, let message):
            return "cdn \(status): the CDN answered HTTP \(status)" + (message.isEmpty ? "" : " (\(message))")
        case .cdnRedirect(let status):
            return "cdn redirect: the CDN answered HTTP \(status) (redirects are refused)"
        case .urlRejectedAfterRefresh(let status, let message):
            return "cdn \(status) after URL refresh: the CDN refused a freshly fetched URL" + DownloadFailure.said(message)
        case .urlRejectedNoFreshURL(let status, let message):
            return "cdn \(status) and no url: the URL was refused\(DownloadFailure.said(message)) and fresh metadata has no thumbnail URL"
        case .shortBody(let received, let expected):
            return "short body: received \(received) of \(expected) bytes"
        case .truncated(let bytes):
            return "truncated: the \(bytes)-byte body has no JPEG EOI marker"
        case .wrongContentType(let type):
            return "not a jpeg: the CDN served Content-Type \(FetchError.quoted(type))"
        case .notJPEG(let bytes):
            return "not a jpeg: the \(bytes)-byte body does not start with the JPEG SOI marker FF D8"
        case .tooLarge(let announced?, let limit):
            return "too large: the CDN announced \(announced) bytes, more than the \(limit)-byte limit"
        case .tooLarge(nil, let limit):
            return "too large: the body exceeded the \(limit)-byte limit"
        case .tokenInURL:
            return "token in url: the CDN URL contains the access token, so it was not requested"
        case .badURL:
            return "bad url: the thumbnail URL is not an absolute http(s) URL"
        case .noURL(let fields):
            return "no url: the API gives no thumbnail URL for this image (\(fields.joined(separator: ", ")) absent)"
        case .notFound:
            return "not found: Mapillary no longer has this image (asked for a fresh URL)"
        case .urlRefreshFailed(let error):
            return "url refresh: \(error.description)"
        case .invalidID(let id):
            return "invalid id: \(FetchError.quoted(id)) is not 1–20 digits, so no file was written"
        case .invalidRecord:
            return "invalid record: the stored metadata of this image no longer parses"
        case .localIO(let message):
            return "local io: \(message)"
        case .exhausted(let last, let attempts):
            return "\(last.description) (after \(attempts) attempts)"
        }
    }

    /// A short, stable category for summaries, without ids or URLs (for example `network`, `cdn 503`,
    /// `cdn 403 after URL refresh`, `not a jpeg`); a retried failure has the category of its last attempt.
    public var category: String {
        switch self {
        case .network: return "network"
        case .cdnStatus(let status, _): return "cdn \(status)"
        case .cdnRedirect: return "cdn redirect"
        case .urlRejectedAfterRefresh(let status, _): return "cdn \(status) after URL refresh"
        case .urlRejectedNoFreshURL(let status, _): return "cdn \(status) and no url"
        case .shortBody: return "short body"
        case .truncated: return "truncated"
        case .wrongContentType, .notJPEG: return "not a jpeg"
        case .tooLarge: return "too large"
        case .tokenInURL: return "token in url"
        case .badURL: return "bad url"
        case .noURL: return "no url"
        case .notFound: return "not found"
        case .urlRefreshFailed: return "url refresh"
        case .invalidID: return "invalid id"
        case .invalidRecord: return "invalid record"
        case .localIO: return "local io"
        case .exhausted(let last, _): return last.category
        }
    }

    /// Whether the failure is transient — a network error, a short or truncated body, or a CDN
    /// 408/425/429/5xx — and worth one more round later in the run.
    public var isTransient: Bool {
        switch self {
        case .network, .shortBody, .truncated:
            return true
        case .cdnStatus(let status, _):
            return DownloadFailure.isRetryable(status: status)
        case .exhausted(let last, _):
            return last.isTransient
        case .cdnRedirect, .urlRejectedAfterRefresh, .urlRejectedNoFreshURL, .wrongContentType, .notJPEG, .tooLarge,
             .tokenInURL, .badURL, .noURL, .notFound, .urlRefreshFailed, .invalidID, .invalidRecord, .localIO:
            return false
        }
    }

    /// Whether a CDN status is worth retrying: 408, 425, 429 and 5xx.
    /// - Parameter status: An HTTP status.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
    }

    /// ` (message)`, or nothing for an empty message.
    private static func said(_ message: String) -> String {
        message.isEmpty ? "" : " (\(message))"
    }
}
