import Foundation

/// Removes secrets from text before it is logged: every occurrence of the access token (also
/// percent-encoded) becomes `[redacted]`, and `access_token` query parameters are dropped from URLs —
/// the same rule the state store applies to what it writes.
struct LogScrubber: Sendable {
    private let secrets: [String]

    /// Creates a scrubber for `token` (`nil` or empty: only `access_token` parameters are removed).
    init(token: String?) {
        var secrets: [String] = []
        if let token, !token.isEmpty {
            secrets.append(token)
            if let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != token {
                secrets.append(encoded)
            }
        }
        self.secrets = secrets
    }

    /// `text` without the token and without `access_token=…` parameters.
    func callAsFunction(_ text: String) -> String {
        var out = text
        for secret in secrets { out = out.replacingOccurrences(of: secret, with: "[redacted]") }
        return LogScrubber.droppingAccessTokens(out)
    }

    /// `text` with every `access_token=…` query parameter (up to the next `&`, `#` or white space) removed.
    static func droppingAccessTokens(_ text: String) -> String {
        guard text.range(of: "access_token", options: .caseInsensitive) != nil else { return text }
        var out = ""
        var rest = Substring(text)
        while let found = rest.range(of: "access_token=", options: .caseInsensitive) {
            let before = rest[..<found.lowerBound]
            guard let separator = before.last, separator == "?" || separator == "&" else {
                out += rest[..<found.upperBound]
                rest = rest[found.upperBound...]
                continue
            }
            var end = found.upperBound
            while end < rest.endIndex, !"&# \t\n\r".contains(rest[end]) { end = rest.index(after: end) }
            if end < rest.endIndex, rest[end] == "&" {
                // `?access_token=X&b` → `?b`, `&access_token=X&b` → `&b`
                out += before
                rest = rest[rest.index(after: end)...]
            } else {
                // The last parameter: drop it with its separator.
                out += before.dropLast()
                rest = rest[end...]
            }
        }
        return out + rest
    }
}
