@testable import Fetch
import Testing

@Suite("LogScrubber")
struct LogScrubberTests {
    @Test("the token (also percent-encoded) becomes [redacted]; access_token parameters are dropped", arguments: [
        ("GET /images?access_token=MLY|1|abc&fields=id", "GET /images?fields=id"),
        ("GET /images?fields=id&access_token=MLY%7C1%7Cabc", "GET /images?fields=id"),
        ("GET /images?fields=id&access_token=x&limit=2 failed", "GET /images?fields=id&limit=2 failed"),
        ("GET /images?access_token=x", "GET /images"),
        ("token MLY|1|abc in a message", "token [redacted] in a message"),
        ("encoded MLY%7C1%7Cabc here", "encoded [redacted] here"),
        ("my_access_token=keep is no parameter", "my_access_token=keep is no parameter"),
        ("nothing to hide", "nothing to hide"),
    ])
    func scrubs(_ text: String, _ expected: String) {
        #expect(LogScrubber(token: "MLY|1|abc")(text) == expected)
    }
}
