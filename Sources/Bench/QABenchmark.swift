import Catalog
import Foundation

/// Issue 8 §3: the pixel QA of `mly360 check` against cleanvision and imagededup (from PyPI, in `.venv-bench`)
/// and against the structural peers: time on 40 real 16-MP panoramas, and precision/recall of every signal on
/// a labelled set built from the real test panoramas.
struct QABenchmark {
    let settings: BenchSettings
    let report: Report

    /// Panoramas in the timed corpus (half GoPro MAX, half THETA V).
    static let corpusSize = 40

    func run() async {
        report.heading("Part 3 — pixel QA: mly360 check against cleanvision, imagededup and the structural peers (issue 8 §3)")
        guard let real = settings.realDirectory, let mly360 = settings.mly360 else {
            report.line("SKIPPED: the real test files were not found (looked for ../shared/testdata/real; use --real DIR).")
            return
        }
        let peers = PeerPython.locate(explicit: settings.peersPython)
        if peers == nil {
            report.line("cleanvision and imagededup: not measured — no Python environment with them at "
                + "\(settings.peersPython ?? PeerPython.defaultPython) (make bench-peers builds it from PyPI).")
        }
        do {
            try await speed(real: real, mly360: mly360, peers: peers)
            if let peers { try await agreement(real: real, mly360: mly360, peers: peers) }
        } catch {
            report.line("Part 3 stopped: \(error)")
        }
    }

    // MARK: - Time

    private func speed(real: String, mly360: String, peers: PeerPython?) async throws {
        let folder = settings.work + "/qa-speed"
        let corpus = folder + "/corpus"
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        var files: [String] = []
        for index in 0..<Self.corpusSize {
            let source = real + "/pano/" + RealFiles.speedCorpus[index % RealFiles.speedCorpus.count]
            let target = corpus + String(format: "/p%03d.jpg", index)
            try FileManager.default.copyItem(atPath: source, toPath: target)
            files.append(target)
        }
        for file in files { _ = FileManager.default.contents(atPath: file) }
        let cores = settings.cores
        var parts = Array(repeating: [String](), count: max(1, min(cores, files.count)))
        for (index, file) in files.enumerated() { parts[index % parts.count].append(file) }

        func check(_ name: String, _ extra: [String], tag: String) -> ImagingBenchmark.Contender {
            ImagingBenchmark.Contender(
                name: name, setup: "1 process, --jobs \(cores)",
                group: ProcessGroup(members: [.init(executable: mly360, arguments: [
                    "check", corpus, "--jobs", "\(cores)", "--thumbnail-size", "512", "--thumbnail-quality", "85",
                    "--csv", out + "/\(tag).csv", "--thumbnails", out + "/\(tag)-thumbs"] + extra)]),
                cleanFolders: [out + "/\(tag)-thumbs", out + "/.mly360"], cleanFiles: [out + "/\(tag).csv"])
        }
        var contenders = [
            check("mly360 check", [], tag: "all"),
            check("mly360 check --no-pixel-qa", ["--no-pixel-qa"], tag: "nopq"),
            check("mly360 check --thumbnail-decode fast", ["--thumbnail-decode", "fast"], tag: "fast"),
        ]
        if let jpeginfo = ToolLocator.find("jpeginfo") {
            contenders.append(.init(name: "jpeginfo -c", setup: "\(parts.count) processes",
                                    group: ProcessGroup(members: parts.map { .init(executable: jpeginfo, arguments: ["-c"] + $0) })))
        }
        if let exiftool = ToolLocator.find("exiftool") {
            contenders.append(.init(name: "exiftool -n -j", setup: "\(parts.count) processes",
                                    group: ProcessGroup(members: parts.map { .init(executable: exiftool, arguments: ["-n", "-j"] + $0) })))
        }
        if let vipsthumbnail = ToolLocator.find("vipsthumbnail") {
            contenders.append(.init(
                name: "vipsthumbnail -s 512", setup: "\(parts.count) processes, VIPS_CONCURRENCY=1",
                group: ProcessGroup(members: parts.map {
                    .init(executable: vipsthumbnail, arguments: ["-s", "512", "-o", out + "/vips/%s.jpg[Q=85]"] + $0,
                          environment: ["VIPS_CONCURRENCY": "1"])
                }), cleanFolders: [out + "/vips"]))
        }
        // The same three commands as a user types them: one process each over all files, default threading.
        if let jpeginfo = ToolLocator.find("jpeginfo") {
            contenders.append(.init(name: "jpeginfo -c (as typed)", setup: "1 process",
                                    group: ProcessGroup(members: [.init(executable: jpeginfo, arguments: ["-c"] + files)])))
        }
        if let exiftool = ToolLocator.find("exiftool") {
            contenders.append(.init(name: "exiftool -n -j (as typed)", setup: "1 process",
                                    group: ProcessGroup(members: [.init(executable: exiftool, arguments: ["-n", "-j", corpus])])))
        }
        if let vipsthumbnail = ToolLocator.find("vipsthumbnail") {
            contenders.append(.init(
                name: "vipsthumbnail -s 512 (as typed)", setup: "1 process, libvips' default threads",
                group: ProcessGroup(members: [.init(executable: vipsthumbnail, arguments: ["-s", "512", "-o", out + "/vips/%s.jpg[Q=85]"] + files)]),
                cleanFolders: [out + "/vips"]))
        }
        var slow: [ImagingBenchmark.Contender] = []
        if let peers {
            slow.append(.init(name: "cleanvision find_issues()", setup: "1 process, n_jobs = all cores (its default)",
                              group: ProcessGroup(members: [peers.member(["cleanvision", corpus, out + "/cleanvision.json"])]),
                              cleanFiles: [out + "/cleanvision.json"]))
            slow.append(.init(name: "imagededup PHash", setup: "1 process, all cores (its default)",
                              group: ProcessGroup(members: [peers.member(["imagededup", corpus, out + "/imagededup.json"])]),
                              cleanFiles: [out + "/imagededup.json"]))
        }
        report.line("corpus: \(files.count) real 16-MP panoramas (\(Self.corpusSize / 2) copies each of "
            + RealFiles.speedCorpus.joined(separator: " and ") + "), page cache warm; \(settings.repetitions) "
            + "repetitions interleaved for mly360 and the structural peers (median), 1 for the Python peers (slow)")
        report.line("Commands (file lists abbreviated):")
        for contender in contenders + slow {
            for line in contender.group.commandLines {
                report.line("  [\(contender.name)] " + ImagingBenchmark.abbreviate(line))
            }
        }
        try await ImagingBenchmark.measure(&contenders, repetitions: settings.repetitions, out: out, report: report)
        try await ImagingBenchmark.measure(&slow, repetitions: 1, out: out, report: report)
        let all = contenders + slow
        var rows = [["tool", "setup", "wall s", "images/s", "CPU s", "peak RSS MB"]]
        for contender in all {
            let samples = contender.samples
            rows.append([contender.name, contender.setup, String(format: "%.3f", samples.median),
                         String(format: "%.1f", Double(files.count) / samples.median),
                         String(format: "%.2f", samples.medianCPU), String(format: "%.1f", samples.peakMB)])
        }
        report.table(rows)
        for contender in all where !contender.samples.failures.isEmpty {
            report.line("  ! \(contender.name) failed: " + (contender.samples.failures.first ?? ""))
        }
        ratios(all)
    }

    private func ratios(_ all: [ImagingBenchmark.Contender]) {
        func median(_ prefix: String) -> Double? {
            all.first { $0.name == prefix && $0.samples.failures.isEmpty }?.samples.median
        }
        func line(_ label: String, _ value: Double?, _ peers: Double?, target: Double, stretch: Bool = false) {
            guard let value, let peers, peers > 0 else {
                report.line("  \(label): not measured (a tool is missing or failed)")
                return
            }
            let ratio = value / peers
            report.line(String(format: "  %@ = %.3f / %.3f = %.3f   %@ ≤ %.2f  %@", label, value, peers, ratio,
                               stretch ? "stretch" : "target", target, ratio <= target ? "PASS" : "MISS"))
        }
        let check = median("mly360 check")
        let fast = median("mly360 check --thumbnail-decode fast")
        let jpeginfo = median("jpeginfo -c"), exiftool = median("exiftool -n -j"), vips = median("vipsthumbnail -s 512")
        let structural = [jpeginfo, exiftool].contains { $0 == nil } ? nil : jpeginfo! + exiftool!
        let pipeline = structural.flatMap { sum in vips.map { sum + $0 } }
        report.line()
        let typed = [median("jpeginfo -c (as typed)"), median("exiftool -n -j (as typed)"), median("vipsthumbnail -s 512 (as typed)")]
        let typedPipeline = typed.contains { $0 == nil } ? nil : typed.reduce(0) { $0 + $1! }
        report.line("Ratios (wall time; mly360 check = all signals, thumbnails from the default 1/4-scale decode):")
        line("check / (jpeginfo -c + exiftool + vipsthumbnail), as typed", check, typedPipeline, target: 0.5)
        line("check / the same, each in its fastest 2-core setup", check, pipeline, target: 0.5)
        line("check / check --no-pixel-qa", check, median("mly360 check --no-pixel-qa"), target: 1.1)
        line("check / cleanvision", check, median("cleanvision find_issues()"), target: 0.05)
        line("check / (jpeginfo -c + exiftool), fastest setups", check, structural, target: 1.0, stretch: true)
        line("check --thumbnail-decode fast (1/8) / (jpeginfo -c + exiftool), fastest setups", fast, structural, target: 1.0, stretch: true)
        if let check, let fast {
            report.line(String(format: "  1/4 vs 1/8 decode for 512-px thumbnails: %.3f s vs %.3f s (1/8 takes %.0f %% less time); "
                + "their fidelity is in part 1's PSNR table", check, fast, (1 - fast / check) * 100))
        }
    }

    // MARK: - Agreement on a labelled set

    private func agreement(real: String, mly360: String, peers: PeerPython) async throws {
        report.heading("Pixel QA agreement on a labelled set (issue 8 §3)")
        let folder = settings.work + "/qa-set"
        let images = folder + "/images"
        let made = try await ChildProcess.capture(peers.python, [peers.script, "make-set", real, folder], scratch: settings.work)
        guard made.outcome.succeeded, let labelData = FileManager.default.contents(atPath: folder + "/labels.json") else {
            report.line("  ! the labelled set could not be made: \(made.error.suffix(400))")
            return
        }
        let labels = try JSONDecoder().decode([String: QAScore.Label].self, from: labelData)
        let bases = Set(labels.values.map(\.base)).sorted()
        report.line("set: \(labels.count) files in \(images), made by scripts/qa_peers.py make-set from "
            + bases.joined(separator: ", ") + ": each panorama as it is, re-encoded at quality 50, resized to 1/2, "
            + "yaw-rolled by 133° and 292°, blurred (Gaussian σ = 14 px × width/5760), darkened (×0.18), "
            + "overexposed (×2.6 + 60); and 2:1 centre crops of flat photos (labelled not 360°)")

        let check = try await ChildProcess.capture(mly360, [
            "check", images, "--jobs", "\(settings.cores)", "--csv", folder + "/check.csv", "--thumbnails", folder + "/thumbs"],
            scratch: settings.work)
        if !check.outcome.succeeded, check.outcome.status != 1 {  // 1 = some file had a problem; still scored
            report.line("  ! mly360 check exited with status \(check.outcome.status): \(check.error.suffix(300))")
        }
        _ = try await ChildProcess.capture(peers.python, [peers.script, "cleanvision", images, folder + "/cleanvision.json"],
                                           scratch: settings.work)
        _ = try await ChildProcess.capture(peers.python, [peers.script, "imagededup", images, folder + "/imagededup.json"],
                                           scratch: settings.work)
        let tools: [(name: String, answers: QAScore.Answers)] = [
            ("mly360", try mly360Answers(csv: folder + "/check.csv")),
            ("cleanvision", cleanvisionAnswers(json: folder + "/cleanvision.json")),
            ("imagededup", imagededupAnswers(json: folder + "/imagededup.json")),
        ]
        let score = QAScore(labels: labels)
        report.table(score.rows(tools: tools))
        report.line("  P = precision, R = recall (per image; per pair of images for near-duplicates, where every pair of "
            + "variants of one base is a true pair and every other pair a false one). mly360: blurry = true, exposure = "
            + "dark / overexposed, projection_pixels = inconsistent, same duplicate_group; cleanvision: is_blurry_issue, "
            + "is_dark_issue, is_light_issue, its exact + near duplicate sets; imagededup: PHash, Hamming ≤ 10")
        misses(labels: labels, answers: tools[0].answers)
    }

    /// Names the files where mly360's per-image signals disagree with the labels.
    private func misses(labels: [String: QAScore.Label], answers: QAScore.Answers) {
        var wrong: [String] = []
        for (name, label) in labels.sorted(by: { $0.key < $1.key }) {
            let said = answers.flags?[name] ?? []
            for signal in QAScore.signals where said.contains(signal.key) != signal.truth(label) {
                wrong.append("\(name): \(signal.key) \(said.contains(signal.key) ? "flagged" : "missed")")
            }
        }
        report.line("  mly360 disagreements with the labels: " + (wrong.isEmpty ? "none" : wrong.joined(separator: "; ")))
    }

    private func mly360Answers(csv: String) throws -> QAScore.Answers {
        let reader = try CSVReader(path: csv)
        guard let header = try reader.next() else { return .init(flags: [:], signals: [], pairs: []) }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let file = column("filename"), blurry = column("blurry"), exposure = column("exposure")
        let projection = column("projection_pixels"), group = column("duplicate_group")
        var flags: [String: Set<String>] = [:]
        var groups: [String: [String]] = [:]
        while let row = try reader.next() {
            func value(_ index: Int?) -> String { index.flatMap { $0 < row.count ? row[$0] : nil } ?? "" }
            let name = (value(file) as NSString).lastPathComponent
            var said: Set<String> = []
            if value(blurry) == "true" { said.insert("blurry") }
            if value(exposure) == "dark" { said.insert("dark") }
            if value(exposure) == "overexposed" { said.insert("overexposed") }
            if value(projection) == "inconsistent" { said.insert("not_360") }
            flags[name] = said
            if !value(group).isEmpty { groups[value(group), default: []].append(name) }
        }
        return .init(flags: flags, signals: ["blurry", "dark", "overexposed", "not_360"], pairs: Self.pairs(groups.values))
    }

    private func cleanvisionAnswers(json path: String) -> QAScore.Answers {
        guard let object = Self.json(path), let images = object["images"] as? [String: [String: Any]] else {
            report.line("  ! cleanvision gave no answer (\(path))")
            return .init(flags: nil, signals: [], pairs: nil)
        }
        var flags: [String: Set<String>] = [:]
        for (name, issues) in images {
            var said: Set<String> = []
            if issues["is_blurry_issue"] as? Bool == true { said.insert("blurry") }
            if issues["is_dark_issue"] as? Bool == true { said.insert("dark") }
            if issues["is_light_issue"] as? Bool == true { said.insert("overexposed") }
            flags[name] = said
        }
        let sets = (object["duplicate_sets"] as? [[String: Any]] ?? []).compactMap { $0["members"] as? [String] }
        return .init(flags: flags, signals: ["blurry", "dark", "overexposed"], pairs: Self.pairs(sets))
    }

    private func imagededupAnswers(json path: String) -> QAScore.Answers {
        guard let object = Self.json(path), let duplicates = object["duplicates"] as? [String: [String]] else {
            report.line("  ! imagededup gave no answer (\(path))")
            return .init(flags: nil, signals: [], pairs: nil)
        }
        var pairs: Set<QAScore.Pair> = []
        for (name, found) in duplicates { for other in found { pairs.insert(.init(name, other)) } }
        return .init(flags: nil, signals: [], pairs: pairs)
    }

    private static func pairs<S: Sequence>(_ groups: S) -> Set<QAScore.Pair> where S.Element == [String] {
        var pairs: Set<QAScore.Pair> = []
        for group in groups {
            for (i, a) in group.enumerated() { for b in group[(i + 1)...] { pairs.insert(.init(a, b)) } }
        }
        return pairs
    }

    private static func json(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
}
