import Fetch
import Foundation
import Fuzzing
import Imaging
import Testing

/// The committed fuzz inputs: every regression input (a defect `make fuzz` found, now fixed) and every
/// committed seed runs through its target in the ordinary suite, so a fixed defect cannot come back
/// unnoticed, and the seeds are checked to be what they claim (parseable documents, a GPano packet).
@Suite("Fuzz regressions and seeds replay through their targets")
struct FuzzCorpusTests {
    /// `Tests/FuzzTests/Fuzz`.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz").path

    /// The regular files of a folder under ``folder``, sorted (none when the folder is absent).
    static func files(_ relative: String) -> [String] {
        let path = folder + "/" + relative
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try #require(FileManager.default.contents(atPath: path), "cannot read \(path)"))
    }

    @Test("every regression input runs through its target", arguments: FuzzTarget.allCases)
    func regressions(_ target: FuzzTarget) throws {
        for path in Self.files("Regressions/\(target.rawValue)") {
            target.run(try Self.bytes(path))
        }
    }

    @Test("the JSON seeds parse, and the collection's records decode as images")
    func jsonSeeds() throws {
        let paths = Self.files("Seeds/json")
        #expect(paths.count >= 4)
        for path in paths {
            let bytes = try Self.bytes(path)
            _ = try JSONParser.parse(bytes)
            FuzzTarget.json.run(bytes)
        }
        let (_, elements) = try JSONParser.parseCollection(try Self.bytes(Self.folder + "/Seeds/json/collection.json"))
        let images = try elements.map { try MapillaryImage(json: $0.value, raw: $0.raw) }
        #expect(images.map(\.id) == ["1234567890123456", "26774514888887982"], "an id above 2^53 stays exact")
    }

    @Test("the GeoJSON seeds are polygons (holes, multipolygons across the antimeridian, collections)")
    func geoJSONSeeds() throws {
        let paths = Self.files("Seeds/geojson")
        #expect(paths.count >= 3)
        for path in paths {
            let polygon = try GeoPolygon(geoJSON: try Self.bytes(path), path: path)
            #expect(polygon.partCount >= 1, "\(path)")
            FuzzTarget.geojson.run(try Self.bytes(path))
        }
    }

    @Test("the XMP seeds read: GPano from attributes, GPS from elements")
    func xmpSeeds() throws {
        let gpano = XMPReader.read(standardPacket: try Self.bytes(Self.folder + "/Seeds/xmp/gpano.xmp"), extendedChunks: [])
        #expect(gpano.gpano?.fullWidth == 5760)
        let elements = XMPReader.read(standardPacket: try Self.bytes(Self.folder + "/Seeds/xmp/elements.xmp"), extendedChunks: [])
        #expect(elements.latitude.map { abs($0 - 52.508333) < 1e-5 } == true, "\(String(describing: elements.latitude))")
        for path in Self.files("Seeds/xmp") { FuzzTarget.xmp.run(try Self.bytes(path)) }
    }

    @Test("the CSV seeds read through the fuzz target (quoted fields, CRLF, a BOM, a short row)")
    func csvSeeds() throws {
        let paths = Self.files("Seeds/csv")
        #expect(paths.count >= 2)
        for path in paths { FuzzTarget.csv.run(try Self.bytes(path)) }
        #expect(!FileManager.default.fileExists(atPath: FuzzTarget.csvScratchPath), "the target removes its file")
    }

    @Test("every dictionary parses as libFuzzer's format: comments, blank lines or name=\"…\" / \"…\" entries")
    func dictionaries() throws {
        let paths = Self.files("Dictionaries")
        #expect(paths.count >= 4)
        let entry = #/^([A-Za-z0-9_]+=)?"([^"\\]|\\.)*"$/#
        for path in paths {
            let text = String(decoding: try Self.bytes(path), as: UTF8.self)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
                #expect(line.wholeMatch(of: entry) != nil, "\(path): \(line)")
            }
        }
    }

    /// The ordinary (replaying) build of `FuzzJSON`, beside this test binary, or nil when not built.
    static let replayer: String? = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("FuzzJSON").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
    }()

    /// Runs the replayer; returns its exit status and standard output.
    static func replay(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(replayer))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("an ordinary build of a fuzz target replays files and folders, and says when it cannot",
          .enabled(if: replayer != nil, "FuzzJSON is not built beside the tests"))
    func replaysFiles() throws {
        let folder = Self.folder + "/Seeds/json"
        let all = try Self.replay([folder, "-timeout=1"])
        #expect(all.status == 0, "\(all.output)")
        #expect(all.output.contains("json: \(Self.files("Seeds/json").count) input(s) replayed"), "\(all.output)")
        let one = try Self.replay([folder + "/ids.json"])
        #expect(one.status == 0 && one.output.contains("ids.json: 44 bytes"), "\(one.output)")
        let missing = try Self.replay([folder + "/absent.json"])
        #expect(missing.status == 2 && missing.output.contains("absent.json: cannot be read"), "\(missing.output)")
        let none = try Self.replay([])
        #expect(none.status == 2 && none.output.contains("usage: Fuzz<Name>"), "\(none.output)")
    }
}
