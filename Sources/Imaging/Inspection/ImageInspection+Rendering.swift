import Foundation

extension ImageInspection {
    /// A readable report: sections (File, Structure, Image, Exif, GPano, Verdict, Warnings) of aligned
    /// `key: value` lines, ending with a newline.
    public func renderText() -> String {
        var out = ""
        func section(_ title: String, _ rows: [(String, String?)]) {
            let present = rows.compactMap { key, value in value.map { (key, $0) } }
            out += "\(title)\n"
            if present.isEmpty {
                out += "  (none)\n"
            } else {
                let width = present.map(\.0.count).max() ?? 0
                for (key, value) in present {
                    out += "  " + key + ":" + String(repeating: " ", count: width - key.count + 1) + value + "\n"
                }
            }
            out += "\n"
        }
        section("File", [
            ("path", path), ("size", fileSize.map { "\($0) bytes" }), ("sha256", sha256),
            ("status", status.rawValue), ("message", message),
        ])
        let dimensions: String? = if let width, let height { "\(width)×\(height)" } else { nil }
        let frame: String? = if let sof { coding.map { "\(sof) (\($0))" } ?? sof } else { nil }
        var image: [(String, String?)] = [("dimensions", dimensions), ("frame", frame)]
        image.append(("progressive", progressive.map { $0 ? "yes" : "no" }))
        image.append(("precision", precision.map { "\($0) bits" }))
        image.append(("components", components))
        image.append(("subsampling", subsampling))
        image.append(("colour space", colorSpace))
        image.append(("restart interval", restartInterval.map { String($0) }))
        image.append(("scans", String(scans)))
        image.append(("ends with EOI", endsWithEOI ? "yes" : "no"))
        image.append(("bytes after EOI", String(bytesAfterEOI)))
        for comment in comments { image.append(("comment", comment)) }
        section("Image", image)
        section("Markers", markers.map { m in
            var text = "\(m.marker) length \(m.length)"
            if let kind = m.kind { text += " \(kind)" }
            if let entropy = m.entropyCodedBytes { text += ", \(entropy) entropy-coded bytes" }
            return ("@\(m.offset)", text)
        })
        section("Exif", exifSummary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        section("Exif entries", exif.map { ("\($0.ifd) \($0.name)", $0.value) })
        section("GPano", gpano.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                + [("Extended XMP", extendedXMP)])
        section("Equirectangular", [("verdict", verdict.rawValue), ("reason", verdictReason)])
        if let pixels {
            let f = PixelSignals.format
            section("Pixels", [
                ("projection", "\(pixels.projection.rawValue): \(pixels.projectionReason)"),
                ("blur score", "\(f(pixels.blurScore))" + (pixels.blurry ? " (blurry: below \(f(PixelSignals.blurLimit)))" : " (sharp)")),
                ("exposure", "\(pixels.exposure.rawValue) (brightness \(f(pixels.brightness)), clipped \(f(pixels.clippedFraction)))"),
                ("entropy", "\(f(pixels.entropy)) bits"),
                ("black fill", "\(f(pixels.blackFraction)) of the rows"),
            ])
        }
        out += "Warnings\n"
        out += warnings.isEmpty ? "  (none)\n" : warnings.map { "  - \($0)\n" }.joined()
        return out
    }

    /// The inspection as pretty-printed JSON with sorted keys (snake_case), ending without a newline.
    public func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
