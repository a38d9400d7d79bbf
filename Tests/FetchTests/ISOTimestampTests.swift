@testable import MapillarySimulator
import Testing

@Suite("The simulator's ISO 8601 timestamps (Foundation's ISO8601FormatStyle)")
struct ISOTimestampTests {
    @Test("the output form is YYYY-MM-DDTHH:MM:SSZ with the milliseconds dropped", arguments: [
        (Int64(1_660_668_166_000), "2022-08-16T16:42:46Z"),
        (1_660_668_166_789, "2022-08-16T16:42:46Z"),
        (0, "1970-01-01T00:00:00Z"),
        (999, "1970-01-01T00:00:00Z"),
        (-500, "1970-01-01T00:00:00Z"),
        (-1000, "1969-12-31T23:59:59Z"),
        (951_782_400_000, "2000-02-29T00:00:00Z"),
        (253_402_300_799_000, "9999-12-31T23:59:59Z"),
    ])
    func output(_ milliseconds: Int64, _ expected: String) {
        #expect(ISOTimestamp.string(milliseconds: milliseconds) == expected)
    }

    @Test("the output is byte-identical to the former hand-rolled formatter")
    func sameAsBefore() {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 86_399_999, 86_400_000, -86_400_000, 1_700_000_000_123]
        for _ in 0..<2000 { values.append(Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)) }
        for value in values {
            #expect(ISOTimestamp.string(milliseconds: value) == Self.legacyString(milliseconds: value), "\(value)")
        }
    }

    @Test("the forms the Graph API accepts are parsed to epoch milliseconds", arguments: [
        ("2022-08-16", Int64(1_660_608_000_000)),
        ("2022-08-16T16:42:46Z", 1_660_668_166_000),
        ("2021-08-28T10:06:42.000Z", 1_630_145_202_000),
        ("2021-08-28T10:06:42.5Z", 1_630_145_202_500),
        ("2022-08-16T16:42:46.123Z", 1_660_668_166_123),
        ("2022-08-16T16:42:46+02:00", 1_660_660_966_000),
        ("2022-08-16T16:42:46-05:30", 1_660_687_966_000),
        ("2022-08-16 16:42:46Z", 1_660_668_166_000),
        ("2022-08-16T16:42:46", 1_660_668_166_000),
    ])
    func parses(_ text: String, _ expected: Int64) {
        #expect(ISOTimestamp.milliseconds(text) == expected)
    }

    @Test("anything else is refused", arguments: [
        "", "x", "2022", "20220816", "2022-13-01", "2022-08-16x", "2022-08-16T16:42:46Zjunk", "2022-08-16T",
        "16:42:46",
    ])
    func refuses(_ text: String) {
        #expect(ISOTimestamp.milliseconds(text) == nil)
    }

    /// The formatter this file replaced (Howard Hinnant's civil-from-days), kept as the reference.
    static func legacyString(milliseconds: Int64) -> String {
        let seconds = Int(milliseconds / 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rem = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))Z"
    }
}
