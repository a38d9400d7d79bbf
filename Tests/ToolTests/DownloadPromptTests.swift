import Foundation
import Fetch
import MapillarySimulator
import Testing
@testable import Tool

/// Issue 7 §2: on a terminal, an area download whose plan exceeds 50 000 images or 50 GB asks first; `y`
/// goes on, anything else (or end of input) refuses; `--yes` and runs without a terminal never ask or wait.
/// The real binary runs on a real pseudo-terminal against a simulator whose area is over the 50 GB threshold.
@Suite("download asks on a terminal before a large plan", .serialized,
       .enabled(if: CheckCommandTests.binary != nil, "mly360 is not built"))
struct DownloadPromptTests {
    /// The question `download` prints on standard error.
    static let question = "Continue? [y/N]"

    /// 10 200 panoramas: at the typical 5 MB per original that is 51 GB, over the 50 GB threshold.
    static let world = WorldSpec(sequences: 102, imagesPerSequence: 100...100, panoFraction: 1)

    /// Runs `body` with a started simulator of ``world`` and a fresh folder; checks first that the world's
    /// plan is over the threshold (so a missing question is the command's fault, not the fixture's).
    static func with(_ body: (MapillarySimulator, String) async throws -> Void) async throws {
        let simulator = MapillarySimulator(SimulatorConfiguration(seed: 12, world: world))
        try await simulator.start()
        let folder = try ToolFixtures.temporaryDirectory()
        do {
            let panoramas = simulator.world.panoramas.count
            try #require(Download.needsConfirmation(DiscoveryPlan(
                images: panoramas, bytes: Int64(panoramas) * DiscoveryPlan.typicalBytes(.original))))
            try await body(simulator, folder)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            try? await simulator.shutdown()
            throw error
        }
        try? FileManager.default.removeItem(atPath: folder)
        try await simulator.shutdown()
    }

    /// `download` of the whole world, metadata only and at most 5 images (so going on is quick).
    static func arguments(_ simulator: MapillarySimulator, out: String) -> [String] {
        let box = simulator.configuration.world.area
        return ["download", "--bbox", "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)", "--api-url", simulator.graphURL,
                "--tile-rate", "6000", "--discovery", "tiles", "--out", out, "--metadata-only", "--max-images", "5"]
            + CatalogCommandTests.token
    }

    @Test("answering y on the terminal shows the plan, asks, and downloads")
    func yesProceeds() async throws {
        try await Self.with { simulator, folder in
            let out = folder + "/out"
            let outcome = try PseudoTerminal.run(try #require(CheckCommandTests.binary), Self.arguments(simulator, out: out),
                                                 prompt: Self.question, answer: .line("y"))
            #expect(outcome.prompted, "no question on the terminal: \(outcome.transcript)")
            #expect(outcome.status == ToolExit.completed, "\(outcome.transcript)")
            #expect(outcome.transcript.contains("This download is large"))
            #expect(outcome.transcript.contains("360° images in the area"), "the plan is shown before the question")
            let rows = try ToolFixtures.rows(out + "/mapillary_images_metadata.csv")
            #expect(rows.count == 5)
            #expect(simulator.statistics().totalGraphRequests > 0)
        }
    }

    @Test("n, any other answer, or end of input refuses: exit 1, a message, no Graph request, no CSV",
          arguments: [PseudoTerminal.Answer.line("n"), .line("maybe"), .endOfInput])
    func otherAnswersRefuse(answer: PseudoTerminal.Answer) async throws {
        try await Self.with { simulator, folder in
            let out = folder + "/out"
            let outcome = try PseudoTerminal.run(try #require(CheckCommandTests.binary), Self.arguments(simulator, out: out),
                                                 prompt: Self.question, answer: answer)
            #expect(outcome.prompted, "no question on the terminal: \(outcome.transcript)")
            #expect(outcome.status == ToolExit.strictFailure, "\(outcome.transcript)")
            #expect(outcome.transcript.contains("not confirmed; nothing was downloaded (--yes skips the question)"))
            let stats = simulator.statistics()
            #expect(stats.tileRequests > 0, "the plan read the tiles")
            #expect(stats.totalGraphRequests == 0, "nothing was discovered or downloaded")
            #expect(!FileManager.default.fileExists(atPath: out + "/mapillary_images_metadata.csv"))
        }
    }

    @Test("--yes on a terminal does not ask")
    func yesFlagSkips() async throws {
        try await Self.with { simulator, folder in
            let out = folder + "/out"
            let outcome = try PseudoTerminal.run(try #require(CheckCommandTests.binary), Self.arguments(simulator, out: out) + ["--yes"],
                                                 prompt: Self.question, answer: .line("n"))
            #expect(!outcome.prompted, "\(outcome.transcript)")
            #expect(outcome.status == ToolExit.completed, "\(outcome.transcript)")
            #expect(try ToolFixtures.rows(out + "/mapillary_images_metadata.csv").count == 5)
        }
    }

    @Test("without a terminal the same large download never asks and never waits for input")
    func nonInteractiveNeverBlocks() async throws {
        try await Self.with { simulator, folder in
            let out = folder + "/out"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(CheckCommandTests.binary))
            process.arguments = Self.arguments(simulator, out: out)
            // Standard input stays open and silent: a question would wait on it forever.
            let input = Pipe()
            process.standardInput = input
            let errorPath = folder + "/stderr"
            FileManager.default.createFile(atPath: errorPath, contents: nil)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
            try process.run()
            let deadline = ContinuousClock.now + .seconds(120)
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let finished = !process.isRunning
            if !finished { process.terminate() }
            process.waitUntilExit()
            try input.fileHandleForWriting.close()
            let errors = try String(contentsOfFile: errorPath, encoding: .utf8)
            #expect(finished, "the download waited for an answer: \(errors)")
            #expect(process.terminationStatus == ToolExit.completed, "\(errors)")
            #expect(!errors.contains(Self.question))
            #expect(try ToolFixtures.rows(out + "/mapillary_images_metadata.csv").count == 5)
        }
    }
}
