/// Turns the raw GPS IFD fields into signed decimal degrees and metres, refusing anything out of range.
///
/// A position is all or nothing: if any part of the latitude or the longitude is invalid (a missing or mistyped
/// field, a zero denominator, a negative part, degrees > 90 / 180, minutes or seconds ≥ 60, a Ref other than
/// N/S or E/W, a result beyond ±90 / ±180), both are dropped with one warning naming every cause.
///
/// Altitude: `GPSAltitudeRef` 1 means below sea level, 0 or absent above. A `GPSAltitudeRef` that is not a
/// BYTE (e.g. the RATIONAL written by some OnePlus phones) or not 0/1 leaves the sign unknown: the altitude is
/// dropped with a warning rather than emitted with a guessed sign.
enum EXIFGPSReader {
    static let latitudeRefTag: UInt16 = 0x0001
    static let latitudeTag: UInt16 = 0x0002
    static let longitudeRefTag: UInt16 = 0x0003
    static let longitudeTag: UInt16 = 0x0004
    static let altitudeRefTag: UInt16 = 0x0005
    static let altitudeTag: UInt16 = 0x0006

    /// The decoded GPS values.
    struct Position: Equatable {
        var latitude: Double?
        var longitude: Double?
        var altitude: Double?
        var warnings: [String] = []
    }

    /// Decodes the GPS fields (tag → field of the GPS IFD).
    static func read(_ fields: [UInt16: EXIFField]) -> Position {
        var position = Position()
        let latitudeField = fields[latitudeTag]
        let longitudeField = fields[longitudeTag]
        if latitudeField != nil || longitudeField != nil {
            let latitude = coordinate(
                "GPSLatitude", latitudeField, ref: fields[latitudeRefTag], signs: ("N", "S"), limit: 90)
            let longitude = coordinate(
                "GPSLongitude", longitudeField, ref: fields[longitudeRefTag], signs: ("E", "W"), limit: 180)
            combine(latitude: latitude, longitude: longitude, label: "GPS position", into: &position)
        }
        readAltitude(fields, into: &position)
        return position
    }

    /// Stores both coordinates when both are valid; otherwise neither, with one warning naming every cause.
    /// A valid 0, 0 is kept with a warning (it often means "no fix").
    /// - Parameter label: how the warning names the position, e.g. `GPS position`.
    static func combine(
        latitude: Result<Double, Problem>, longitude: Result<Double, Problem>, label: String, into position: inout Position
    ) {
        switch (latitude, longitude) {
        case (.success(let lat), .success(let lon)):
            position.latitude = lat
            position.longitude = lon
            if lat == 0 && lon == 0 {
                position.warnings.append("\(label) is 0, 0, which often means the camera had no fix")
            }
        default:
            let causes = [latitude, longitude].compactMap { result -> String? in
                if case .failure(let problem) = result { return problem.cause }
                return nil
            }
            position.warnings.append("\(label) dropped: " + causes.joined(separator: "; "))
        }
    }

    /// Why a coordinate or altitude was refused.
    struct Problem: Error, Equatable {
        var cause: String
    }

    static func coordinate(
        _ name: String, _ field: EXIFField?, ref: EXIFField?, signs: (positive: String, negative: String), limit: Double
    ) -> Result<Double, Problem> {
        guard let field else { return .failure(Problem(cause: "\(name) is missing")) }
        guard field.format == EXIFField.rational || field.format == EXIFField.srational else {
            return .failure(Problem(cause: "\(name) has format \(field.formatName) (expected RATIONAL)"))
        }
        guard (1...3).contains(field.components) else {
            return .failure(Problem(cause: "\(name) has \(field.components) components (expected 3)"))
        }
        guard field.rationals.count == field.components else {
            return .failure(Problem(cause: "\(name) holds \(field.bytes.count) bytes, too few for \(field.components) rationals"))
        }
        let partNames = ["degrees", "minutes", "seconds"]
        var parts: [Double] = []
        for (index, rational) in field.rationals.enumerated() {
            let part = partNames[index]
            guard let value = rational.value else {
                return .failure(Problem(
                    cause: "\(name) \(part) has a zero denominator (\(rational.numerator)/\(rational.denominator))"))
            }
            guard value >= 0 else { return .failure(Problem(cause: "\(name) \(part) \(format(value)) is negative")) }
            parts.append(value)
        }
        let refName = name + "Ref"
        return validate(
            name, parts: parts, ref: ref?.text, refName: refName,
            missingRef: ref == nil ? "\(refName) is missing" : "\(refName) is empty or not text", signs: signs, limit: limit)
    }

    /// The range checks every coordinate passes, wherever it was read: degrees ≤ `limit`, minutes and
    /// seconds < 60, a Ref that is one of `signs`, and a result within ±`limit`.
    /// - Parameters:
    ///   - name: the coordinate's name for the cause, e.g. `GPSLatitude`.
    ///   - parts: degrees, then optional minutes and seconds, each already known to be finite and ≥ 0.
    ///   - ref: the reference letter as written; nil when there is none.
    ///   - refName: the reference's name for the cause, e.g. `GPSLatitudeRef`.
    ///   - missingRef: the cause when `ref` is nil.
    /// - Returns: signed decimal degrees, or why they were refused.
    static func validate(
        _ name: String, parts: [Double], ref: String?, refName: String, missingRef: String,
        signs: (positive: String, negative: String), limit: Double
    ) -> Result<Double, Problem> {
        let partNames = ["degrees", "minutes", "seconds"]
        guard (1...3).contains(parts.count) else {
            return .failure(Problem(cause: "\(name) has \(parts.count) parts (expected 1 to 3)"))
        }
        if parts[0] > limit {
            return .failure(Problem(cause: "\(name) degrees \(format(parts[0])) > \(format(limit))"))
        }
        for index in 1..<parts.count where parts[index] >= 60 {
            return .failure(Problem(cause: "\(name) \(partNames[index]) \(format(parts[index])) ≥ 60"))
        }
        guard let ref else { return .failure(Problem(cause: missingRef)) }
        let sign: Double
        switch ref.uppercased() {
        case signs.positive: sign = 1
        case signs.negative: sign = -1
        default:
            return .failure(Problem(cause: "\(refName) '\(ref)' is not \(signs.positive) or \(signs.negative)"))
        }
        let magnitude = parts[0] + (parts.count > 1 ? parts[1] / 60 : 0) + (parts.count > 2 ? parts[2] / 3600 : 0)
        guard magnitude <= limit else {
            return .failure(Problem(cause: "\(name) \(format(magnitude)) is beyond ±\(format(limit))"))
        }
        return .success(sign * magnitude)
    }

    private static func readAltitude(_ fields: [UInt16: EXIFField], into position: inout Position) {
        let altitudeField = fields[altitudeTag]
        var sign: Double? = 1
        if let ref = fields[altitudeRefTag] {
            let dropped = altitudeField == nil ? "ignored" : "the altitude's sign is unknown, so it was dropped"
            if ref.format != EXIFField.byte || ref.integers.isEmpty {
                position.warnings.append("GPSAltitudeRef has format \(ref.formatName) (expected BYTE); \(dropped)")
                sign = nil
            } else if ref.integers[0] == 1 {
                sign = -1
            } else if ref.integers[0] != 0 {
                position.warnings.append("GPSAltitudeRef \(ref.integers[0]) is neither 0 nor 1; \(dropped)")
                sign = nil
            }
        }
        guard let altitudeField, let sign else { return }
        guard altitudeField.format == EXIFField.rational || altitudeField.format == EXIFField.srational,
            let rational = altitudeField.rationals.first
        else {
            position.warnings.append(
                "GPS altitude dropped: GPSAltitude has format \(altitudeField.formatName) with \(altitudeField.components) components (expected 1 RATIONAL)")
            return
        }
        guard let value = rational.value else {
            position.warnings.append(
                "GPS altitude dropped: GPSAltitude has a zero denominator (\(rational.numerator)/\(rational.denominator))")
            return
        }
        position.altitude = sign * value
    }

    /// A number as people write it: `60`, `595404.032`.
    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
