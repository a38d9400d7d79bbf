import Fetch
import Testing

@Suite("DownloadFailure: sentences, categories, transience")
struct DownloadFailureTests {
    /// Every case with the exact sentence the CSV's `download_error` column had before the reasons were typed,
    /// its category and whether it is transient.
    static let cases: [(DownloadFailure, String, String, Bool)] = [
        (.network(message: "connection reset by peer"), "network: connection reset by peer", "network", true),
        (.network(message: "the connection failed after 512 bytes (remote closed)"),
         "network: the connection failed after 512 bytes (remote closed)", "network", true),
        (.cdnStatus(status: 503, message: ""), "cdn 503: the CDN answered HTTP 503", "cdn 503", true),
        (.cdnStatus(status: 429, message: "slow down"), "cdn 429: the CDN answered HTTP 429 (slow down)", "cdn 429", true),
        (.cdnStatus(status: 408, message: ""), "cdn 408: the CDN answered HTTP 408", "cdn 408", true),
        (.cdnStatus(status: 425, message: ""), "cdn 425: the CDN answered HTTP 425", "cdn 425", true),
        (.cdnStatus(status: 418, message: "teapot"), "cdn 418: the CDN answered HTTP 418 (teapot)", "cdn 418", false),
        (.cdnRedirect(status: 302), "cdn redirect: the CDN answered HTTP 302 (redirects are refused)", "cdn redirect", false),
        (.urlRejectedAfterRefresh(status: 403, message: "URL signature expired"),
         "cdn 403 after URL refresh: the CDN refused a freshly fetched URL (URL signature expired)",
         "cdn 403 after URL refresh", false),
        (.urlRejectedAfterRefresh(status: 410, message: ""),
         "cdn 410 after URL refresh: the CDN refused a freshly fetched URL", "cdn 410 after URL refresh", false),
        (.urlRejectedNoFreshURL(status: 404, message: "gone"),
         "cdn 404 and no url: the URL was refused (gone) and fresh metadata has no thumbnail URL", "cdn 404 and no url", false),
        (.urlRejectedNoFreshURL(status: 403, message: ""),
         "cdn 403 and no url: the URL was refused and fresh metadata has no thumbnail URL", "cdn 403 and no url", false),
        (.shortBody(received: 10, expected: 20), "short body: received 10 of 20 bytes", "short body", true),
        (.truncated(bytes: 4096), "truncated: the 4096-byte body has no JPEG EOI marker", "truncated", true),
        (.wrongContentType("text/html"), "not a jpeg: the CDN served Content-Type \"text/html\"", "not a jpeg", false),
        (.notJPEG(bytes: 12), "not a jpeg: the 12-byte body does not start with the JPEG SOI marker FF D8", "not a jpeg", false),
        (.tooLarge(announced: 2000, limit: 1000),
         "too large: the CDN announced 2000 bytes, more than the 1000-byte limit", "too large", false),
        (.tooLarge(announced: nil, limit: 1000), "too large: the body exceeded the 1000-byte limit", "too large", false),
        (.tokenInURL, "token in url: the CDN URL contains the access token, so it was not requested", "token in url", false),
        (.badURL, "bad url: the thumbnail URL is not an absolute http(s) URL", "bad url", false),
        (.noURL(fields: ["thumb_original_url", "thumb_2048_url"]),
         "no url: the API gives no thumbnail URL for this image (thumb_original_url, thumb_2048_url absent)", "no url", false),
        (.notFound, "not found: Mapillary no longer has this image (asked for a fresh URL)", "not found", false),
        (.urlRefreshFailed(.transport(url: "/1?fields=thumb_original_url", message: "reset")),
         "url refresh: The request /1?fields=thumb_original_url could not be completed: reset.", "url refresh", false),
        (.invalidID("../x"), "invalid id: \"../x\" is not 1–20 digits, so no file was written", "invalid id", false),
        (.invalidRecord, "invalid record: the stored metadata of this image no longer parses", "invalid record", false),
        (.localIO(message: "Could not access /o/1.jpg.part: No space left on device."),
         "local io: Could not access /o/1.jpg.part: No space left on device.", "local io", false),
        (.exhausted(last: .cdnStatus(status: 500, message: ""), attempts: 3),
         "cdn 500: the CDN answered HTTP 500 (after 3 attempts)", "cdn 500", true),
        (.exhausted(last: .shortBody(received: 1, expected: 2), attempts: 4),
         "short body: received 1 of 2 bytes (after 4 attempts)", "short body", true),
    ]

    @Test("each reason keeps its sentence, category and transience")
    func sentences() {
        for (failure, sentence, category, transient) in Self.cases {
            #expect(failure.description == sentence)
            #expect(failure.category == category, "\(sentence)")
            #expect(failure.isTransient == transient, "\(sentence)")
        }
    }

    @Test("the category is the sentence's text before its first colon (the summary's old grouping)")
    func categoryIsPrefix() {
        for (failure, sentence, _, _) in Self.cases {
            let prefix = sentence.split(separator: ":", maxSplits: 1).first.map(String.init)
            #expect(prefix == failure.category, "\(sentence)")
        }
    }

    @Test("a failed outcome reports its failure's category")
    func outcomeCategory() {
        #expect(DownloadOutcome.failed(reason: .truncated(bytes: 3)).category == "truncated")
        #expect(DownloadOutcome.urlRejected(status: 403, message: "").category == "cdn 403")
        #expect(DownloadOutcome.cancelled.category == "cancelled")
    }
}
