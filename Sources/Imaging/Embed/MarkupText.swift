/// Text made safe for XML and HTML content and attribute values: `&`, `<`, `>`, `"` and `'` become entities, and
/// control characters XML 1.0 does not allow are dropped. Used for the XMP packets written into files and by the
/// review page of the catalogue.
public enum MarkupText {
    /// `text`, escaped.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
