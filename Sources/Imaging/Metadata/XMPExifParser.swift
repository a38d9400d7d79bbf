/// Turns the XMP `exif:` properties (namespace `http://ns.adobe.com/exif/1.0/`) that stand in for missing Exif
/// into values, validated exactly as the Exif path validates its own (see ``EXIFGPSReader``).
///
/// - `exif:GPSLatitude` / `exif:GPSLongitude`: XMP GPSCoordinate text, `DDD,MM,SSk` or `DDD,MM.mmk` (a bare
///   `DDD.ddk` is accepted too), `k` the reference letter N/S or E/W. The position is all or nothing, like Exif's.
/// - `exif:GPSAltitude`: a rational `123/10` (or a plain decimal); `exif:GPSAltitudeRef` `0` above, `1` below sea
///   level, absent meaning above; any other reference drops the altitude.
/// - `exif:DateTimeOriginal`: ISO 8601 `YYYY-MM-DDThh:mm[:ss[.s]][TZD]`, reported in Exif form
///   `YYYY:MM:DD HH:MM:SS` (local time as written: the fraction and the zone are dropped). A date without a
///   time is ignored with a warning.
enum XMPExifParser {
    /// The `exif:` properties read; every other one is ignored.
    static let propertyNames: Set<String> = [
        "GPSLatitude", "GPSLongitude", "GPSAltitude", "GPSAltitudeRef", "DateTimeOriginal",
    ]
    /// Longer values are refused without parsing.
    static let maximumLength = 64

    /// Fills `metadata`'s GPS and date fields from `properties` (local name → trimmed text), appending a warning
    /// for every value refused.
    static func apply(_ properties: [String: String], to metadata: inout XMPMetadata) {
        var position = EXIFGPSReader.Position()
        let latitudeText = properties["GPSLatitude"]
        let longitudeText = properties["GPSLongitude"]
        if latitudeText != nil || longitudeText != nil {
            let latitude = coordinate("exif:GPSLatitude", latitudeText, signs: ("N", "S"), limit: 90)
            let longitude = coordinate("exif:GPSLongitude", longitudeText, signs: ("E", "W"), limit: 180)
            EXIFGPSReader.combine(latitude: latitude, longitude: longitude, label: "XMP GPS position", into: &position)
        }
        metadata.latitude = position.latitude
        metadata.longitude = position.longitude
        metadata.warnings += position.warnings
        metadata.altitude = altitude(properties["GPSAltitude"], ref: properties["GPSAltitudeRef"], warnings: &metadata.warnings)
        if let text = properties["DateTimeOriginal"] {
            switch dateTime(text) {
            case .success(let value): metadata.dateTimeOriginal = value
            case .failure(let problem): metadata.warnings.append("XMP exif:DateTimeOriginal \(problem.cause); ignored")
            }
        }
    }

    /// One GPSCoordinate, as signed decimal degrees.
    static func coordinate(
        _ name: String, _ text: String?, signs: (positive: String, negative: String), limit: Double
    ) -> Result<Double, EXIFGPSReader.Problem> {
        guard let text else { return .failure(.init(cause: "\(name) is missing")) }
        guard text.utf8.count <= maximumLength else {
            return .failure(.init(cause: "\(name) is longer than \(maximumLength) bytes"))
        }
        var body = Substring(text)
        var ref: String?
        if let last = body.last, last.isASCII, last.isLetter {
            ref = String(last)
            body = body.dropLast()
        }
        let pieces = body.split(separator: ",", omittingEmptySubsequences: false)
        var parts: [Double] = []
        for piece in pieces {
            guard let value = unsignedDecimal(piece) else {
                return .failure(.init(cause: "\(name) '\(text)' is not DDD,MM,SSk or DDD,MM.mmk"))
            }
            parts.append(value)
        }
        return EXIFGPSReader.validate(
            name, parts: parts, ref: ref, refName: "\(name) reference letter",
            missingRef: "\(name) '\(text)' has no \(signs.positive)/\(signs.negative) reference letter",
            signs: signs, limit: limit)
    }

    /// The altitude in metres (negative below sea level); nil, with a warning, when it cannot be trusted.
    static func altitude(_ text: String?, ref: String?, warnings: inout [String]) -> Double? {
        var sign: Double? = 1
        if let ref {
            let dropped = text == nil ? "ignored" : "the altitude's sign is unknown, so it was dropped"
            switch ref {
            case "0": sign = 1
            case "1": sign = -1
            default:
                warnings.append("XMP exif:GPSAltitudeRef '\(ref.prefix(maximumLength))' is neither 0 nor 1; \(dropped)")
                sign = nil
            }
        }
        guard let text, let sign else { return nil }
        guard text.utf8.count <= maximumLength else {
            warnings.append("XMP GPS altitude dropped: exif:GPSAltitude is longer than \(maximumLength) bytes")
            return nil
        }
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        let value: Double?
        if pieces.count == 2 {
            guard let numerator = unsignedInteger(pieces[0]), let denominator = unsignedInteger(pieces[1]) else {
                warnings.append("XMP GPS altitude dropped: exif:GPSAltitude '\(text)' is not a rational such as 1234/10")
                return nil
            }
            guard denominator != 0 else {
                warnings.append("XMP GPS altitude dropped: exif:GPSAltitude has a zero denominator (\(text))")
                return nil
            }
            value = numerator / denominator
        } else {
            value = pieces.count == 1 ? unsignedDecimal(pieces[0]) : nil
        }
        guard let value, value.isFinite else {
            warnings.append("XMP GPS altitude dropped: exif:GPSAltitude '\(text)' is not a rational such as 1234/10")
            return nil
        }
        return sign * value
    }

    /// An ISO 8601 date-time in Exif form `YYYY:MM:DD HH:MM:SS`, or why it is refused.
    static func dateTime(_ text: String) -> Result<String, EXIFGPSReader.Problem> {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength else { return .failure(.init(cause: "is longer than \(maximumLength) bytes")) }
        let refusal = EXIFGPSReader.Problem(cause: "'\(text)' is not an ISO 8601 date-time")
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func skip(_ allowed: [UInt8]) -> Bool {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
        guard let year = digits(4), skip([dash, colon]), let month = digits(2), skip([dash, colon]),
              let day = digits(2)
        else { return .failure(refusal) }
        guard index < bytes.count else { return .failure(.init(cause: "'\(text)' has a date but no time")) }
        guard skip([UInt8(ascii: "T"), UInt8(ascii: " ")]), let hour = digits(2), skip([colon]), let minute = digits(2)
        else { return .failure(refusal) }
        var second = 0
        if skip([colon]) {
            guard let value = digits(2) else { return .failure(refusal) }
            second = value
            if skip([UInt8(ascii: ".")]) {
                let start = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                guard index > start else { return .failure(refusal) }
            }
        }
        // Time zone: Z, or ±hh:mm (also ±h:mm and ±hhmm, as some writers put it).
        if skip([UInt8(ascii: "Z")]) {
        } else if skip([UInt8(ascii: "+"), dash]) {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) || bytes[index] == colon { index += 1 }
            let zone = bytes[start..<index].filter { $0 != colon }
            guard (1...4).contains(zone.count) else { return .failure(refusal) }
        }
        guard index == bytes.count else { return .failure(refusal) }
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second)
        else { return .failure(.init(cause: "'\(text)' is out of range")) }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return .success("\(pad(year, 4)):\(pad(month, 2)):\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))")
    }

    /// Digits with at most one `.` (at least one digit), finite; nil otherwise.
    private static func unsignedDecimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") }),
              text.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1, text.contains(where: \.isNumber),
              let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// 1 to 18 digits; nil otherwise.
    private static func unsignedInteger(_ text: Substring) -> Double? {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int64(text)
        else { return nil }
        return Double(value)
    }
}
