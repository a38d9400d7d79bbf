import Foundation
import Imaging

/// Thumbnail fidelity: mly360's and vipsthumbnail's 512-px thumbnails (quality 85) against a full-resolution
/// Lanczos-3 reference made by ImageMagick at exactly the thumbnail's size, as PSNR in dB.
struct ImagingFidelity {
    let settings: BenchSettings
    let report: Report
    let mly360: String
    let pano: String

    /// Long edge a panorama needs to be part of the comparison (smaller ones are not thumbnailed down much).
    static let minimumLongEdge = 1024
    /// Allowed shortfall of mly360 against vipsthumbnail.
    static let toleranceDB = 0.3

    func run() async throws {
        report.heading("Thumbnail fidelity: PSNR against a full-resolution Lanczos-3 reference")
        guard let vipsthumbnail = ToolLocator.find("vipsthumbnail"),
              let convert = ToolLocator.imageMagick("convert"), let compare = ToolLocator.imageMagick("compare")
        else {
            report.line("SKIPPED: vipsthumbnail or ImageMagick (convert, compare) not installed; run make setup.")
            return
        }
        let folder = settings.work + "/fidelity"
        let input = folder + "/in"
        for sub in ["in", "mly360", "mly360-fast", "vips", "ref"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        var chosen: [(name: String, width: Int, height: Int)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: pano).sorted()
        where ["jpg", "jpeg"].contains((name as NSString).pathExtension.lowercased()) {
            guard let size = Self.dimensions(of: pano + "/" + name), max(size.width, size.height) >= Self.minimumLongEdge
            else { continue }
            try FileManager.default.copyItem(atPath: pano + "/" + name, toPath: input + "/" + name)
            chosen.append((name, size.width, size.height))
        }
        report.line("reference: \(convert) IN -filter Lanczos -resize WxH! ref.png (full resolution, no shrink-on-load), "
            + "W×H = the mly360 thumbnail's size")
        report.line("mly360:    mly360 check \(input) --thumbnail-size 512 --thumbnail-quality 85 --jobs \(settings.cores)")
        report.line("vips:      vipsthumbnail IN -s 512 -o OUT/%s.jpg[Q=85] (with -s WxH! when its default size differs)")
        report.line("PSNR:      \(compare) -metric PSNR THUMB ref.png null:  (all RGB channels, 8-bit)")
        let check = try await ChildProcess.capture(mly360, [
            "check", input, "--thumbnail-size", "512", "--thumbnail-quality", "85", "--jobs", "\(settings.cores)",
            "--csv", folder + "/check.csv", "--thumbnails", folder + "/mly360"], scratch: folder)
        if !check.outcome.succeeded {
            report.line("  ! mly360 check exited with status \(check.outcome.status): \(check.error.suffix(300))")
        }
        report.line("fast:      the same with --thumbnail-decode fast (the smallest DCT scale whose decode is still ≥ the thumbnail)")
        let fast = try await ChildProcess.capture(mly360, [
            "check", input, "--thumbnail-size", "512", "--thumbnail-quality", "85", "--jobs", "\(settings.cores)",
            "--thumbnail-decode", "fast", "--csv", folder + "/check-fast.csv", "--thumbnails", folder + "/mly360-fast"],
            scratch: folder)
        if !fast.outcome.succeeded {
            report.line("  ! mly360 check --thumbnail-decode fast exited with status \(fast.outcome.status): \(fast.error.suffix(300))")
        }

        var rows = [["file", "source", "thumbnail", "fine: scale", "dB", "vips dB", "fine − vips", "target ≥ −0.3",
                     "fast: scale", "dB", "fast − vips"]]
        var misses = 0
        for file in chosen {
            let stem = (file.name as NSString).deletingPathExtension
            let mlyThumb = folder + "/mly360/" + stem + ".jpg"
            guard let thumbSize = Self.dimensions(of: mlyThumb) else {
                rows.append([file.name, "\(file.width)×\(file.height)", "missing", "-", "-", "-", "-", "MISS", "-", "-", "-"])
                misses += 1
                continue
            }
            let geometry = "\(thumbSize.width)x\(thumbSize.height)"
            let vipsThumb = folder + "/vips/" + stem + ".jpg"
            _ = try await ChildProcess.capture(vipsthumbnail, [input + "/" + file.name, "-s", "512",
                                                               "-o", folder + "/vips/%s.jpg[Q=85]"], scratch: folder)
            var vipsNote = ""
            if let vipsSize = Self.dimensions(of: vipsThumb), vipsSize != thumbSize {
                vipsNote = " (vips forced from \(vipsSize.width)×\(vipsSize.height))"
                _ = try await ChildProcess.capture(vipsthumbnail, [input + "/" + file.name, "-s", geometry + "!",
                                                                   "-o", folder + "/vips/%s.jpg[Q=85]"], scratch: folder)
            }
            let reference = folder + "/ref/" + stem + ".png"
            let made = try await ChildProcess.capture(convert, [input + "/" + file.name, "-filter", "Lanczos",
                                                                "-resize", geometry + "!", reference], scratch: folder)
            if !made.outcome.succeeded { report.line("  ! convert failed for \(file.name): \(made.error.prefix(300))") }
            let mlyDB = try await psnr(compare, mlyThumb, reference, scratch: folder)
            let vipsDB = try await psnr(compare, vipsThumb, reference, scratch: folder)
            let verdict: String
            if let mlyDB, let vipsDB {
                verdict = mlyDB >= vipsDB - Self.toleranceDB ? "PASS" : "MISS"
            } else {
                verdict = "MISS"
            }
            if verdict == "MISS" { misses += 1 }
            let fastDB = try await psnr(compare, folder + "/mly360-fast/" + stem + ".jpg", reference, scratch: folder)
            let longEdge = max(file.width, file.height)
            func db(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "?" }
            func delta(_ value: Double?) -> String { (value != nil && vipsDB != nil) ? String(format: "%+.2f", value! - vipsDB!) : "?" }
            rows.append([file.name, "\(file.width)×\(file.height)", "\(thumbSize.width)×\(thumbSize.height)" + vipsNote,
                         "1/\(ThumbnailDecode.fine.denominator(longEdge: longEdge, target: 512))", db(mlyDB), db(vipsDB),
                         delta(mlyDB), verdict,
                         "1/\(ThumbnailDecode.fast.denominator(longEdge: longEdge, target: 512))", db(fastDB), delta(fastDB)])
        }
        report.table(rows)
        report.line("  target: mly360 (its default, fine) ≥ vipsthumbnail − 0.3 dB on every real panorama → "
            + (misses == 0 && !chosen.isEmpty ? "PASS" : "MISS (\(misses) of \(chosen.count))"))
    }

    /// PSNR in dB printed by `compare -metric PSNR` on standard error ("inf" for identical images); nil if absent.
    private func psnr(_ compare: String, _ image: String, _ reference: String, scratch: String) async throws -> Double? {
        guard FileManager.default.fileExists(atPath: image) else { return nil }
        let result = try await ChildProcess.capture(compare, ["-metric", "PSNR", image, reference, "null:"], scratch: scratch)
        let token = result.error.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init) ?? ""
        return token == "inf" ? .infinity : Double(token)
    }

    /// Pixel size of a JPEG from its SOF marker (Imaging's scanner).
    static func dimensions(of path: String) -> Size? {
        guard let data = FileManager.default.contents(atPath: path),
              let frame = JPEGStructure.scan([UInt8](data)).frame else { return nil }
        return Size(width: frame.width, height: frame.height)
    }
}
