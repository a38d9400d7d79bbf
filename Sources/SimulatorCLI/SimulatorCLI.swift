import ArgumentParser
import Dispatch
import Foundation
import MapillarySimulator

/// `mly360-sim`: runs the Mapillary simulator until SIGINT/SIGTERM, printing one line with its URLs and token.
@main
struct SimulatorCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mly360-sim",
        abstract: "Serve a fake Mapillary Graph API and CDN on 127.0.0.1.",
        discussion: """
            Prints exactly one line, `graph=URL cdn=URL token=TOKEN`, once both listeners are up, then serves \
            until interrupted. Everything (world, sampling, faults) is deterministic for a given --seed.
            """
    )

    @Option(help: "Seed of the simulated world and of every pseudo-random choice.")
    var seed: UInt64 = 1

    @Option(help: "Number of sequences.")
    var sequences: Int = 12

    @Option(help: "Images per sequence as MIN-MAX (or one number).")
    var imagesPerSequence: String = "8-30"

    @Option(parsing: .unconditional, help: "Area of the world as W,S,E,N in degrees (lon/lat order).")
    var area: String?

    @Option(help: "Pixel width of served panoramas (height is half); flat images use the same width at 4:3.")
    var servedWidth: Int = 256

    @Option(help: "JPEG quality of served images.")
    var quality: Int = 87

    @Option(help: "Milliseconds added to every Graph and CDN response.")
    var latencyMs: Int = 0

    @Option(help: "Graph API port (0 picks a free one).")
    var graphPort: Int = 0

    @Option(help: "CDN port (0 picks a free one).")
    var cdnPort: Int = 0

    @Option(help: "Every N-th Graph request answers HTTP 500 'temporarily unavailable'.")
    var graph500Every: Int?

    @Option(help: "Every N-th Graph request answers HTTP 429 with Retry-After: 1.")
    var rateLimitEvery: Int?

    @Option(help: "Every N-th Graph request answers the HTTP 400 query timeout (code -2).")
    var timeoutEvery: Int?

    @Option(help: "Every N-th CDN download sends half its body, then closes the connection.")
    var cdnResetEvery: Int?

    @Option(help: "Throttle CDN bodies to about this many bytes per second.")
    var cdnSlowBytesPerSecond: Int?

    @Option(help: "Every N-th /images?image_ids= batch answers {\"data\":[]}.")
    var batchGlitchEvery: Int?

    @Option(help: "Every N-th CDN download answers HTTP 503.")
    var cdn503Every: Int?

    @Option(help: "The first N Graph requests answer HTTP 429 (a rate-limited start).")
    var rateLimitStorm: Int = 0

    @Option(help: "A real rate limit: at most N Graph requests per minute (429 with Retry-After beyond it; x-app-usage on every answer).")
    var graphRateLimit: Int?

    @Flag(help: "Fault knobs fire at random with probability 1/N (seeded) instead of on every N-th request.")
    var randomFaults = false

    @Option(help: "Lifetime of signed thumbnail URLs, in seconds.")
    var urlTtlSeconds: Int = 3600

    @Flag(help: "The first CDN request of each image answers 403 'URL signature expired'.")
    var expireFirstCdnAttempt = false

    @Flag(help: "Add hostile records (path-like id, absurd sizes, wrong types, missing geometry, non-JSON body).")
    var hostile = false

    @Option(help: "Bbox search thinning: normal, harsh (ten times harsher) or a factor ≥ 1.")
    var thinning = "normal"

    @Option(help: "After N coverage tile requests, answer every tile with a redirect to a login page (the per-IP block).")
    var tileBlockAfter: Int?

    @Option(help: "Write the ground truth (every image, the panorama ids) as JSON to this path.")
    var truth: String?

    func validate() throws {
        if let area, SimBox(parsing: Substring(area)) == nil {
            throw ValidationError("--area must be W,S,E,N with W < E and S < N (lon/lat order), got '\(area)'.")
        }
        guard imagesRange != nil else {
            throw ValidationError("--images-per-sequence must be MIN-MAX with 1 ≤ MIN ≤ MAX, got '\(imagesPerSequence)'.")
        }
        guard thinningFactor != nil else {
            throw ValidationError("--thinning must be normal, harsh or a number ≥ 1, got '\(thinning)'.")
        }
        guard sequences >= 0, servedWidth >= 8, (1...100).contains(quality), latencyMs >= 0 else {
            throw ValidationError("--sequences must be ≥ 0, --served-width ≥ 8, --quality 1…100, --latency-ms ≥ 0.")
        }
    }

    private var thinningFactor: Double? {
        switch thinning {
        case "normal": return 1
        case "harsh": return SimulatorConfiguration.harshThinning
        default: return Double(thinning).flatMap { $0.isFinite && $0 >= 1 ? $0 : nil }
        }
    }

    private var imagesRange: ClosedRange<Int>? {
        let parts = imagesPerSequence.split(separator: "-").compactMap { Int($0) }
        guard let low = parts.first, let high = parts.last, parts.count <= 2, low >= 1, low <= high else { return nil }
        return low...high
    }

    func run() async throws {
        var world = WorldSpec()
        if let area, let box = SimBox(parsing: Substring(area)) { world.area = box }
        world.sequences = sequences
        world.imagesPerSequence = imagesRange ?? world.imagesPerSequence
        world.servedPanoWidth = servedWidth
        world.servedFlatWidth = servedWidth
        world.servedQuality = quality
        let faults = FaultPlan(
            latency: .milliseconds(latencyMs), graph500Every: graph500Every, rateLimitEvery: rateLimitEvery,
            timeoutEvery: timeoutEvery, cdnResetEvery: cdnResetEvery, cdnSlowBytesPerSecond: cdnSlowBytesPerSecond,
            urlTTL: .seconds(urlTtlSeconds), expireFirstCDNAttempt: expireFirstCdnAttempt,
            batchGlitchEvery: batchGlitchEvery, hostile: hostile, tileBlockAfter: tileBlockAfter, cdn503Every: cdn503Every,
            rateLimitStorm: max(0, rateLimitStorm), graphRateLimit: graphRateLimit, randomized: randomFaults)
        var configuration = SimulatorConfiguration(seed: seed, world: world, faults: faults)
        configuration.thinning = thinningFactor ?? 1
        let simulator = MapillarySimulator(configuration)

        // Install the signal handlers before serving, so an early SIGTERM still shuts down cleanly.
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let queue = DispatchQueue(label: "mly360-sim.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }

        try await simulator.start(graphPort: graphPort, cdnPort: cdnPort)
        if let truth {
            do {
                try GroundTruth(simulator: simulator).write(to: truth)
            } catch {
                try? await simulator.shutdown()
                throw error
            }
        }
        let line = "graph=\(simulator.graphURL) cdn=\(simulator.cdnURL) token=\(simulator.configuration.token)\n"
        FileHandle.standardOutput.write(Data(line.utf8))

        var iterator = signals.makeAsyncIterator()
        let received = await iterator.next()
        withExtendedLifetime(sources) {}
        try await simulator.shutdown()
        let stats = simulator.statistics()
        FileHandle.standardError.write(Data(
            "mly360-sim: stopped on signal \(received ?? 0) after \(stats.totalGraphRequests) Graph and \(stats.cdnRequests) CDN requests\n".utf8))
    }
}
