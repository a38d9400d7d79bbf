import Catalog
import Foundation

/// Issue 2 §7: `mly360 check` against jpeginfo, vipsthumbnail and exiftool on the same corpus, on the same cores,
/// in the same run; then peak memory on a 4× corpus and thumbnail fidelity against a Lanczos-3 reference.
struct ImagingBenchmark {
    let settings: BenchSettings
    let report: Report

    /// One contender: a name, how it was parallelised, and how to run it once.
    struct Contender {
        var name: String
        var setup: String
        var group: ProcessGroup
        /// Output folders/files removed (and folders recreated) before every repetition.
        var cleanFolders: [String] = []
        var cleanFiles: [String] = []
        var samples = Samples()
    }

    func run() async {
        report.heading("Part 1 — imaging: mly360 check vs jpeginfo -c, vipsthumbnail, exiftool (issue 2 §7)")
        guard let real = settings.realDirectory, let mly360 = settings.mly360 else {
            report.line("SKIPPED: the real test files were not found (looked for ../shared/testdata/real; use --real DIR).")
            return
        }
        let pano = real + "/pano"
        let sources = RealFiles.speedCorpus.map { pano + "/" + $0 }
        guard sources.allSatisfy({ FileManager.default.isReadableFile(atPath: $0) }) else {
            report.line("SKIPPED: \(RealFiles.speedCorpus.joined(separator: " and ")) not found in \(pano).")
            return
        }
        do {
            let corpus = try makeCorpus(sources: sources)
            let bytes = corpus.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
            report.line("corpus: \(corpus.count) files = \(settings.copies) copies each of \(RealFiles.speedCorpus.joined(separator: ", "))"
                + String(format: " (%.0f MB, real copies) in %@/corpus", Double(bytes) / 1e6, settings.work))
            report.line("each tool gets the same \(corpus.count) files and \(settings.cores) cores; page cache warmed; "
                + "\(settings.repetitions) repetitions, interleaved; median (min) reported")
            warmPageCache(corpus)
            try await speed(corpus: corpus, mly360: mly360)
            try await memory(corpus: corpus, mly360: mly360)
            try await incremental(corpus: corpus, mly360: mly360)
            groupingScale()
            try await ImagingFidelity(settings: settings, report: report, mly360: mly360, pano: pano).run()
        } catch {
            report.line("Part 1 stopped: \(error)")
        }
    }

    /// Copies the panoramas `copies` times into WORK/corpus (real copies: distinct files, distinct page-cache pages).
    private func makeCorpus(sources: [String]) throws -> [String] {
        let folder = settings.work + "/corpus"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for copy in 1...settings.copies {
            for source in sources {
                let name = (source as NSString).lastPathComponent
                let stem = (name as NSString).deletingPathExtension
                let target = folder + String(format: "/%@-%03d.", stem, copy) + (name as NSString).pathExtension
                try FileManager.default.copyItem(atPath: source, toPath: target)
                files.append(target)
            }
        }
        return files
    }

    /// Reads every file once so that no contender pays for the disk.
    private func warmPageCache(_ files: [String]) {
        for file in files { _ = FileManager.default.contents(atPath: file) }
    }

    /// Splits files across `parts` processes, interleaved so both halves hold the same mix.
    private func split(_ files: [String], into parts: Int) -> [[String]] {
        var buckets = Array(repeating: [String](), count: max(1, min(parts, files.count)))
        for (index, file) in files.enumerated() { buckets[index % buckets.count].append(file) }
        return buckets
    }

    private func speed(corpus: [String], mly360: String) async throws {
        let out = settings.work + "/out"
        let cores = settings.cores
        let parts = split(corpus, into: cores)
        var contenders: [Contender] = []
        contenders.append(Contender(
            name: "mly360 check", setup: "1 process, --jobs \(cores)",
            group: ProcessGroup(members: [.init(executable: mly360, arguments: [
                "check", settings.work + "/corpus", "--jobs", "\(cores)", "--thumbnail-size", "512",
                "--thumbnail-quality", "85", "--csv", out + "/check.csv", "--thumbnails", out + "/mly360-thumbs"])]),
            cleanFolders: [out + "/mly360-thumbs", out + "/.mly360"], cleanFiles: [out + "/check.csv"]))
        if let jpeginfo = ToolLocator.find("jpeginfo") {
            contenders.append(Contender(
                name: "jpeginfo -c", setup: "\(parts.count) processes × \(parts.first?.count ?? 0) files",
                group: ProcessGroup(members: parts.map { .init(executable: jpeginfo, arguments: ["-c"] + $0) })))
        }
        if let vipsthumbnail = ToolLocator.find("vipsthumbnail") {
            let target = out + "/vips-thumbs/%s.jpg[Q=85]"
            contenders.append(Contender(
                name: "vipsthumbnail -s 512", setup: "\(parts.count) processes, VIPS_CONCURRENCY=1",
                group: ProcessGroup(members: parts.map {
                    .init(executable: vipsthumbnail, arguments: ["-s", "512", "-o", target] + $0,
                          environment: ["VIPS_CONCURRENCY": "1"])
                }), cleanFolders: [out + "/vips-thumbs"]))
            contenders.append(Contender(
                name: "vipsthumbnail -s 512", setup: "1 process, VIPS_CONCURRENCY=\(cores)",
                group: ProcessGroup(members: [.init(executable: vipsthumbnail, arguments: ["-s", "512", "-o", target] + corpus,
                                                    environment: ["VIPS_CONCURRENCY": "\(cores)"])]),
                cleanFolders: [out + "/vips-thumbs"]))
        }
        if let exiftool = ToolLocator.find("exiftool") {
            contenders.append(Contender(
                name: "exiftool -n -j", setup: "\(parts.count) processes × \(parts.first?.count ?? 0) files",
                group: ProcessGroup(members: parts.map { .init(executable: exiftool, arguments: ["-n", "-j"] + $0) })))
        }

        report.line()
        report.line("Commands (file lists abbreviated; output to \(out)):")
        for contender in contenders {
            for line in contender.group.commandLines {
                report.line("  [\(contender.name), \(contender.setup)] " + Self.abbreviate(line))
            }
        }
        try await Self.measure(&contenders, repetitions: settings.repetitions, out: out, report: report)
        ImagingSpeedTable(report: report, imageCount: corpus.count, contenders: contenders,
                          mly360Output: (csv: out + "/check.csv", thumbnails: out + "/mly360-thumbs")).print()
    }

    /// Runs every contender `repetitions` times, interleaved (one repetition of each, then the next), cleaning its
    /// outputs before each run; logs go to OUT/log-INDEX-REPETITION.*.
    static func measure(_ contenders: inout [Contender], repetitions: Int, out: String, report: Report) async throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for repetition in 1...repetitions {
            for index in contenders.indices {
                for folder in contenders[index].cleanFolders {
                    try? FileManager.default.removeItem(atPath: folder)
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                for file in contenders[index].cleanFiles { try? FileManager.default.removeItem(atPath: file) }
                report.note("repetition \(repetition)/\(repetitions): \(contenders[index].name) (\(contenders[index].setup))")
                let result = try await contenders[index].group.run(logPrefix: out + "/log-\(index)-\(repetition)")
                contenders[index].samples.seconds.append(result.seconds)
                contenders[index].samples.rssKiB.append(result.rssKiB)
                contenders[index].samples.cpuSeconds.append(result.cpuSeconds)
                if let failure = result.failure { contenders[index].samples.failures.append(failure) }
            }
        }
    }

    static func abbreviate(_ line: String) -> String {
        let words = line.split(separator: " ")
        let firstFile = words.firstIndex { $0.contains("/corpus/") } ?? words.count
        let files = words.count - firstFile
        guard files > 2 else { return line }
        return words[..<firstFile].joined(separator: " ") + " \(words[firstFile]) … (\(files) files)"
    }

    private func memory(corpus: [String], mly360: String) async throws {
        report.heading("Peak memory of mly360 check against corpus size")
        let large = settings.work + "/memcorpus"
        try FileManager.default.createDirectory(atPath: large, withIntermediateDirectories: true)
        var count = 0
        let sources = corpus.prefix(RealFiles.speedCorpus.count)
        for copy in 1...settings.memoryCopies {
            for source in sources {
                let name = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
                try FileManager.default.linkItem(atPath: source, toPath: large + String(format: "/%@-m%04d.JPG", name, copy))
                count += 1
            }
        }
        var rows = [["corpus", "files", "wall s", "images/s", "CPU s", "peak RSS MB"]]
        for (label, folder, files) in [("speed corpus", settings.work + "/corpus", corpus.count), ("4× corpus (hard links)", large, count)] {
            let out = settings.work + "/memout-\(files)"
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let group = ProcessGroup(members: [.init(executable: mly360, arguments: [
                "check", folder, "--jobs", "\(settings.cores)", "--thumbnail-size", "512", "--thumbnail-quality", "85",
                "--csv", out + "/check.csv", "--thumbnails", out + "/thumbs"])])
            report.note("memory: mly360 check on \(files) files")
            let result = try await group.run(logPrefix: out + "/log")
            rows.append([label, "\(files)", String(format: "%.2f", result.seconds),
                         String(format: "%.1f", Double(files) / result.seconds), String(format: "%.2f", result.cpuSeconds),
                         String(format: "%.1f", Samples.megabytes(kibibytes: result.rssKiB)) + (result.failure == nil ? "" : " (failed)")])
            if let failure = result.failure { report.line("  ! \(failure)") }
        }
        report.table(rows)
        let peaks = rows.dropFirst().compactMap { Double($0[5].split(separator: " ")[0]) }
        if let highest = peaks.max(), peaks.count == 2 {
            report.line(String(format: "  target: peak RSS < 200 MB for any corpus size → %@ (highest %.1f MB; %@ with %.0f× more files: %+.1f MB)",
                               highest < 200 ? "PASS" : "MISS", highest,
                               abs(peaks[1] - peaks[0]) < 10 ? "flat" : "changes", Double(count) / Double(corpus.count),
                               peaks[1] - peaks[0]))
        }
    }

    /// Issue 6 §2: re-checking unchanged panoramas reads nothing: the second check of the same 40 files must be
    /// at least 8× faster than the first (same command, same catalogue).
    private func incremental(corpus: [String], mly360: String) async throws {
        report.heading("Incremental re-check: the same 40 unchanged panoramas checked twice (issue 6 §2)")
        let folder = settings.work + "/incremental"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder + "/images", withIntermediateDirectories: true)
        let files = Array(corpus.prefix(40))
        for (index, source) in files.enumerated() {
            try FileManager.default.linkItem(atPath: source, toPath: folder + String(format: "/images/p%03d.jpg", index))
        }
        let group = ProcessGroup(members: [.init(executable: mly360, arguments: [
            "check", folder + "/images", "--jobs", "\(settings.cores)", "--thumbnail-size", "512"])])
        var rows = [["run", "files read", "wall s", "CPU s", "peak RSS MB"]]
        var seconds: [Double] = []
        for (label, read) in [("first check", files.count), ("second check (unchanged)", 0)] {
            let result = try await group.run(logPrefix: folder + "/log-\(seconds.count)")
            if let failure = result.failure { report.line("  ! \(failure)") }
            seconds.append(result.seconds)
            rows.append([label, "\(read)", String(format: "%.3f", result.seconds), String(format: "%.2f", result.cpuSeconds),
                         String(format: "%.1f", Samples.megabytes(kibibytes: result.rssKiB))])
        }
        report.table(rows)
        if seconds.count == 2, seconds[1] > 0 {
            let ratio = seconds[0] / seconds[1]
            report.line(String(format: "  target: second check ≥ 8× faster than the first → %@ (%.1f×)", ratio >= 8 ? "PASS" : "MISS", ratio))
        }
    }

    /// Issue 8 §1: near-duplicate grouping must scale: 100 000 images grouped in ≤ 10 s (the catalogue's
    /// grouper on hashes shaped like real ones: 70 % distinct, 30 % near copies of an earlier image).
    private func groupingScale() {
        report.heading("Near-duplicate grouping of 100 000 images (issue 8 §1)")
        var generator = SystemRandomNumberGenerator()
        var items: [DuplicateGrouper.Item] = []
        items.reserveCapacity(100_000)
        for index in 0..<100_000 {
            if index > 0, index % 10 < 3 {
                let source = items[Int.random(in: 0..<index, using: &generator)]
                let flip = { (hash: UInt64) -> UInt64 in hash ^ (1 << UInt64.random(in: 0..<64, using: &generator)) ^ (1 << UInt64.random(in: 0..<64, using: &generator)) }
                items.append(.init(id: "n\(index)", phash: flip(source.phash), yawHash: flip(source.yawHash), aspect: 2,
                                   pixels: 1000, bytes: Int64(index), sharpness: 1))
            } else {
                items.append(.init(id: "n\(index)", phash: .random(in: .min ... .max, using: &generator),
                                   yawHash: .random(in: .min ... .max, using: &generator), aspect: 2, pixels: 1000,
                                   bytes: Int64(index), sharpness: 1))
            }
        }
        let clock = ContinuousClock()
        var groups: [DuplicateGrouper.Group] = []
        let elapsed = clock.measure { groups = DuplicateGrouper.groups(items) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let grouped = groups.reduce(0) { $0 + $1.members.count }
        report.line(String(format: "  %d images, %d groups, %d grouped: %.2f s   target ≤ 10 s  %@", items.count, groups.count,
                           grouped, seconds, seconds <= 10 ? "PASS" : "MISS"))
    }
}
