import ArgumentParser
import Foundation

extension Download {
    /// Parses `--since` / `--until`: ISO 8601 dates (`2023-06-01`) or date-times (`2023-06-01T08:30:00Z`,
    /// with fractional seconds or an offset; no zone means UTC). Both bounds are inclusive, so a bare
    /// `--until` date means the last millisecond of that day, UTC.
    enum DateArgument {
        /// Both bounds, parsed; a usage error names the bad value.
        static func window(since: String?, until: String?) throws -> (since: Date?, until: Date?) {
            (try since.map { try parse($0, option: "--since", endOfDay: false) },
             try until.map { try parse($0, option: "--until", endOfDay: true) })
        }

        /// One bound.
        /// - Parameters:
        ///   - text: The argument.
        ///   - option: The option name, for the error.
        ///   - endOfDay: Whether a bare date means the end of the day (for `--until`).
        static func parse(_ text: String, option: String, endOfDay: Bool) throws -> Date {
            let value = text.trimmingCharacters(in: .whitespaces)
            if let day = bareDate(value) {
                return endOfDay ? day.addingTimeInterval(86_400 - 0.001) : day
            }
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            let hasZone = value.hasSuffix("Z") || value.hasSuffix("z")
                || value.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
            let candidate = hasZone ? value : value + "Z"
            for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds],
                                                           [.withInternetDateTime]] {
                formatter.formatOptions = options
                if let date = formatter.date(from: candidate) { return date }
            }
            throw ValidationError("\(option) \(text) is not a date: use 2023-06-01 or 2023-06-01T08:30:00Z.")
        }

        /// `YYYY-MM-DD` as midnight UTC, with the calendar checked (no 2023-02-30).
        static func bareDate(_ text: String) -> Date? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: year, month: month, day: day)
            guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
            return date
        }
    }
}
