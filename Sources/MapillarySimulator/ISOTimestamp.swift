/// Parses the ISO 8601 forms the Graph API accepts for `start_captured_at`/`end_captured_at`:
/// `2022-08-16`, `2022-08-16T16:42:46Z`, `2021-08-28T10:06:42.000Z`, and offsets like `+02:00`.
enum ISOTimestamp {
    /// Milliseconds since the Unix epoch, or nil when the text is not one of the accepted forms.
    static func milliseconds(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= chars.count else { return nil }
            var value = 0
            for k in i..<(i + n) {
                guard chars[k] >= 48, chars[k] <= 57 else { return nil }
                value = value * 10 + Int(chars[k] - 48)
            }
            i += n
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        var millis = 0
        if i < chars.count {
            guard expect(84) || expect(32), let h = digits(2), expect(58), let m = digits(2), h < 24, m < 60 else { return nil }
            var s = 0
            if expect(58) {
                guard let sec = digits(2), sec < 61 else { return nil }
                s = sec
                if expect(46) {
                    var scale = 100
                    var any = false
                    while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                        millis += Int(chars[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            seconds += h * 3600 + m * 60 + s
            if expect(90) {
                // UTC
            } else if i < chars.count, chars[i] == 43 || chars[i] == 45 {
                let sign = chars[i] == 43 ? 1 : -1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(58)
                guard let om = digits(2) else { return nil }
                seconds -= sign * (oh * 3600 + om * 60)
            }
        }
        guard i == chars.count else { return nil }
        return Int64(seconds) * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for epoch milliseconds (used for the hostile string `captured_at`).
    static func string(milliseconds: Int64) -> String {
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
