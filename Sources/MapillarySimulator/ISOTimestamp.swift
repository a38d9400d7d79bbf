import Foundation

/// Parses the ISO 8601 forms the Graph API accepts for `start_captured_at`/`end_captured_at`:
/// `2022-08-16`, `2022-08-16T16:42:46Z`, `2021-08-28T10:06:42.000Z`, and offsets like `+02:00`
/// (also a space instead of `T`, and a time without zone, read as UTC), with Foundation's
/// `Date.ISO8601FormatStyle`.
enum ISOTimestamp {
    private static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    /// The accepted forms, most specific first; a text must be consumed entirely by one of them.
    private static let parsers: [Date.ISO8601FormatStyle] = [
        Date.ISO8601FormatStyle(timeZone: utc),
        Date.ISO8601FormatStyle(dateTimeSeparator: .space, timeZone: utc),
        Date.ISO8601FormatStyle(timeZone: utc).year().month().day().time(includingFractionalSeconds: false),
        Date.ISO8601FormatStyle(dateTimeSeparator: .space, timeZone: utc).year().month().day()
            .time(includingFractionalSeconds: false),
        Date.ISO8601FormatStyle(timeZone: utc).year().month().day(),
    ]

    /// The output form: `YYYY-MM-DDTHH:MM:SSZ`.
    private static let formatter = Date.ISO8601FormatStyle(timeZone: utc)

    /// Milliseconds since the Unix epoch, or nil when the text is not one of the accepted forms.
    static func milliseconds(_ text: String) -> Int64? {
        let range = text.startIndex..<text.endIndex
        for parser in parsers {
            guard let match = try? parser.consuming(text, startingAt: text.startIndex, in: range),
                match.upperBound == text.endIndex
            else { continue }
            return Int64((match.output.timeIntervalSince1970 * 1000).rounded())
        }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for epoch milliseconds (used for the hostile string `captured_at`); the
    /// milliseconds are dropped (truncated towards zero).
    static func string(milliseconds: Int64) -> String {
        formatter.format(Date(timeIntervalSince1970: Double(milliseconds / 1000)))
    }
}
