/// Turns GPano properties (local name → text) into a ``GPano`` value.
///
/// Numbers are parsed as `Double` (cameras write integers as `0.0`, `-0.0`, `5760.0`, `0.000000`) and rounded
/// for the Integer fields. Text that is not a plain decimal number leaves the field nil with a warning; the raw
/// text stays in ``GPano/properties``.
enum GPanoParser {
    /// Integer values beyond this magnitude are treated as invalid.
    static let maximumMagnitude = 1_000_000_000.0

    /// Builds GPano from merged properties; nil when there are none.
    static func gpano(from properties: [String: String], warnings: inout [String]) -> GPano? {
        guard !properties.isEmpty else { return nil }
        var gpano = GPano(properties: properties)
        let projection = properties["ProjectionType"].map(trimmed) ?? ""
        gpano.projectionType = projection.isEmpty ? nil : projection
        gpano.fullWidth = integer("FullPanoWidthPixels", in: properties, warnings: &warnings)
        gpano.fullHeight = integer("FullPanoHeightPixels", in: properties, warnings: &warnings)
        gpano.croppedWidth = integer("CroppedAreaImageWidthPixels", in: properties, warnings: &warnings)
        gpano.croppedHeight = integer("CroppedAreaImageHeightPixels", in: properties, warnings: &warnings)
        gpano.croppedLeft = integer("CroppedAreaLeftPixels", in: properties, warnings: &warnings)
        gpano.croppedTop = integer("CroppedAreaTopPixels", in: properties, warnings: &warnings)
        gpano.poseHeading = real("PoseHeadingDegrees", in: properties, warnings: &warnings)
        return gpano
    }

    /// A plain decimal number (optional sign, digits, optional fraction and exponent), finite; nil otherwise.
    ///
    /// Stricter than `Double(_:)`, which also accepts hexadecimal, `inf` and `nan`.
    static func decimal(_ text: String) -> Double? {
        let trimmed = trimmed(text)
        let allowed = Set("0123456789+-.eE")
        guard !trimmed.isEmpty, trimmed.allSatisfy({ allowed.contains($0) }), trimmed.contains(where: \.isNumber),
            let value = Double(trimmed), value.isFinite
        else { return nil }
        return value
    }

    private static func integer(_ name: String, in properties: [String: String], warnings: inout [String]) -> Int? {
        guard let value = real(name, in: properties, warnings: &warnings) else { return nil }
        guard abs(value) <= maximumMagnitude else {
            warnings.append("GPano \(name) '\(properties[name] ?? "")' is out of range; ignored")
            return nil
        }
        return Int(value.rounded())
    }

    private static func real(_ name: String, in properties: [String: String], warnings: inout [String]) -> Double? {
        guard let text = properties[name] else { return nil }
        guard let value = decimal(text) else {
            warnings.append("GPano \(name) '\(text)' is not a number; ignored")
            return nil
        }
        return value
    }

    /// The text without leading and trailing whitespace and newlines.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
