import Foundation

/// A request URI split into a percent-decoded path and query parameters, parsed defensively: malformed
/// percent-escapes make the whole target invalid (nil) rather than crash or guess.
struct RequestTarget: Sendable {
    /// The decoded path, always starting with `/`.
    var path: String
    /// Decoded query parameters; for a repeated name the first occurrence wins.
    var parameters: [String: String]
    /// The raw query string (after `?`), as sent.
    var rawQuery: String

    init?(uri: String) {
        let pieces = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let rawPath = pieces.first, let path = Self.decode(rawPath, plusIsSpace: false) else { return nil }
        self.path = path.hasPrefix("/") ? path : "/" + path
        rawQuery = pieces.count > 1 ? String(pieces[1]) : ""
        parameters = [:]
        for pair in rawQuery.split(separator: "&") {
            let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(nameValue[0], plusIsSpace: true) else { return nil }
            let value = nameValue.count > 1 ? nameValue[1] : ""
            guard let decoded = Self.decode(value, plusIsSpace: true) else { return nil }
            if parameters[name] == nil { parameters[name] = decoded }
        }
    }

    private static func decode(_ text: Substring, plusIsSpace: Bool) -> String? {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : String(text)
        return spaced.removingPercentEncoding
    }

    /// Percent-encodes a query value (everything but unreserved characters).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~,")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
