import ArgumentParser
import Foundation

/// `mly360-bench`: measures mly360 against its peer tools in one run on one machine and prints figures and ratios.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mly360-bench",
        abstract: "Time mly360 against jpeginfo, vipsthumbnail, exiftool, cleanvision, imagededup and a sequential downloader; print the ratios.",
        discussion: """
            Part "imaging" (issue 2 §7) needs the real panoramas (../shared/testdata/real or --real DIR) and the peer \
            tools installed by `make setup`. Part "qa" (issue 8 §3) also needs cleanvision and imagededup from PyPI \
            (`make bench-peers`). Part "fetch" (issue 3 §7) runs the Mapillary simulator in-process; part "discovery" (issue 7 §5) \
            runs mly360 against it for recall, requests per image, plan, 429 share and shards. \
            Every figure is measured in this run; targets are printed as PASS or MISS, never asserted. The report is \
            also written to WORK/report.txt.
            """
    )

    @Option(help: "Run only one part.")
    var only: BenchPart?

    @Flag(help: "Small sizes for a quick smoke run (the figures are then not the benchmark's).")
    var quick = false

    @Option(help: ArgumentHelp("Copies of each 16-MP panorama in the speed corpus (default 40, quick 6).", valueName: "n"))
    var copies: Int?

    @Option(help: ArgumentHelp("Copies of each panorama in the large memory corpus (default 160, quick 24).", valueName: "n"))
    var memoryCopies: Int?

    @Option(help: ArgumentHelp("Repetitions of each timed command; the median is reported (default 3).", valueName: "n"))
    var repetitions = 3

    @Option(help: ArgumentHelp("Cores every tool may use (default: all).", valueName: "n"))
    var cores = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Folder of the real test files (default: ../shared/testdata/real).", valueName: "dir"))
    var real: String?

    @Option(help: ArgumentHelp("The mly360 executable (default: the one beside this program).", valueName: "path"))
    var mly360: String?

    @Option(help: ArgumentHelp("Work folder, recreated each run.", valueName: "dir"))
    var work = "mly360-bench-work"

    @Option(help: ArgumentHelp("Images of ≈3 MB in the download throughput test (default 400, quick 64).", valueName: "n"))
    var fetchImages: Int?

    @Option(help: ArgumentHelp("Of those, images downloaded sequentially for the baseline (default 60, quick 16).", valueName: "n"))
    var sequentialImages: Int?

    @Option(help: ArgumentHelp("Panoramas in the memory/discovery world (default 10000, quick 1000).", valueName: "n"))
    var largeWorld: Int?

    @Option(help: ArgumentHelp("Sequences of 150–250 images in the dense discovery area (default 220 ≈ 44 000 images, quick 20).",
                               valueName: "n"))
    var discoverySequences: Int?

    @Option(help: ArgumentHelp("Sequences of 4–8 panoramas in the rate-limited world (default 120, quick 40).", valueName: "n"))
    var pacingSequences: Int?

    @Option(help: ArgumentHelp("Panoramas (about) in the 3-shard comparison (default 480, quick 120).", valueName: "n"))
    var shardImages: Int?

    @Option(help: ArgumentHelp("Download concurrency (default 16).", valueName: "n"))
    var concurrency = 16

    @Option(help: ArgumentHelp("Latency the simulator adds to every response, ms (default 50).", valueName: "ms"))
    var latency = 50

    @Option(help: ArgumentHelp("Python with cleanvision and imagededup (default: .venv-bench/bin/python, made by make bench-peers).",
                               valueName: "path"))
    var peersPython: String?

    func validate() throws {
        for (name, value) in [("--copies", copies), ("--memory-copies", memoryCopies), ("--fetch-images", fetchImages),
                              ("--sequential-images", sequentialImages), ("--large-world", largeWorld),
                              ("--discovery-sequences", discoverySequences), ("--pacing-sequences", pacingSequences),
                              ("--shard-images", shardImages)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1.") }
        }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
        guard cores >= 1 else { throw ValidationError("--cores must be at least 1.") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1.") }
        guard latency >= 0 else { throw ValidationError("--latency must not be negative.") }
    }

    mutating func run() async throws {
        let workPath = work.hasPrefix("/") ? work : FileManager.default.currentDirectoryPath + "/" + work
        try? FileManager.default.removeItem(atPath: workPath)
        do {
            try FileManager.default.createDirectory(atPath: workPath, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(Data("mly360-bench: cannot create the work folder \(workPath): \(error)\n".utf8))
            throw ExitCode(3)
        }
        let settings = BenchSettings(
            cores: cores, repetitions: repetitions,
            copies: copies ?? (quick ? 6 : 40), memoryCopies: memoryCopies ?? (quick ? 24 : 160),
            realDirectory: RealFiles.locate(explicit: real),
            mly360: ToolLocator.mly360(explicit: mly360), work: workPath,
            fetchImages: fetchImages ?? (quick ? 64 : 400), sequentialImages: sequentialImages ?? (quick ? 16 : 60),
            largeWorldImages: largeWorld ?? (quick ? 1000 : 10_000),
            concurrency: concurrency, latencyMilliseconds: latency, reportImages: quick ? 4800 : 48_000,
            discoverySequences: discoverySequences ?? (quick ? 20 : 220), pacingSequences: pacingSequences ?? (quick ? 40 : 120),
            shardImages: shardImages ?? (quick ? 120 : 480), peersPython: peersPython)

        let report = Report()
        report.line("mly360-bench — \(quick ? "QUICK smoke run (small sizes; not the benchmark figures)" : "full run")")
        report.line("work folder: \(workPath)")
        await MachineFacts.print(into: report, tools: [
            ("mly360", settings.mly360, ["--version"]),
            ("jpeginfo", ToolLocator.find("jpeginfo"), ["--version"]),
            ("vips", ToolLocator.find("vips"), ["--version"]),
            ("vipsthumbnail", ToolLocator.find("vipsthumbnail"), ["--version"]),
            ("exiftool", ToolLocator.find("exiftool"), ["-ver"]),
            ("convert", ToolLocator.imageMagick("convert"), ["-version"]),
        ], scratch: workPath)

        guard settings.mly360 != nil else {
            report.line()
            report.line("mly360 not found (looked beside this program, on PATH, and --mly360). Build it: swift build -c release.")
            try? report.write(to: workPath + "/report.txt")
            throw ExitCode(3)
        }
        if only == nil || only == .imaging {
            await ImagingBenchmark(settings: settings, report: report).run()
        }
        if only == nil || only == .qa {
            await QABenchmark(settings: settings, report: report).run()
        }
        if only == nil || only == .report {
            await ReportBenchmark(settings: settings, report: report).run()
        }
        if only == nil || only == .fetch {
            await FetchBenchmark(settings: settings, report: report).run()
        }
        if only == nil || only == .discovery {
            await DiscoveryBenchmark(settings: settings, report: report).run()
        }
        report.line()
        report.line("Report written to \(workPath)/report.txt")
        try? report.write(to: workPath + "/report.txt")
    }
}
