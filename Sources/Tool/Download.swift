import ArgumentParser
import Dispatch
import Fetch
import Foundation
import Imaging
#if canImport(Glibc)
import Glibc
#endif

/// `mly360 download`: every 360° image of an area, sequence, list of ids or creator, plus the metadata CSV
/// and the offline checks.
struct Download: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download every 360° image of an area, sequence, image list or creator, with a metadata CSV.",
        discussion: """
            Give exactly one source. Images land in OUT/<id>.jpg, the metadata in \
            OUT/mapillary_images_metadata.csv (one row per image, failed ones included), progress in \
            OUT/.mly360/state.sqlite. Afterwards every file is verified and thumbnailed (unless --no-check) \
            and the QA columns are merged into the CSV.

            Examples:
              mly360 download --bbox -102.4486,44.0658,-102.4386,44.0758 --out badlands
              mly360 download --polygon park.geojson --since 2023-01-01 --resolution 2048
              mly360 download --sequence d7DlxwUTp6JZaIWKHGtnMQ --no-check
              mly360 download --image 1447075489494186,26774514888887982 --include-flat
              mly360 download --creator trekviewhq --max-images 500 --metadata-only

            Resume: run the same command again. Finished discovery work is reused (the summary says when it \
            ran; --refresh asks the API again for images uploaded since), verified files are not downloaded or \
            checked again, failed images are retried, a changed --resolution re-downloads the files. Ctrl-C \
            stops cleanly (exit 130) and keeps everything done so far. download_status is downloaded, present, \
            failed or pending.

            The token: --token or the MAPILLARY_ACCESS_TOKEN environment variable (a client token \
            "MLY|…" from https://www.mapillary.com/dashboard/developers). It is sent only to the Graph \
            API, never to the image CDN, and never written to disk.

            Exit codes: 0 completed (failed images are CSV rows with download_status=failed) · 1 with \
            --strict when an image failed or is not ok, or when discovery could not finish · 2 usage \
            error · 3 local I/O error (checked before any work starts) · 4 token rejected · 5 the API cannot be \
            reached at all (connection refused, DNS, TLS) · 130 interrupted.
            """)

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Every image in this box: west,south,east,north in degrees (lon/lat order).",
                               valueName: "W,S,E,N"))
    var bbox: String?

    @Option(help: ArgumentHelp("Every image inside this GeoJSON Polygon/MultiPolygon (holes respected).",
                               valueName: "file"))
    var polygon: String?

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Every image of these sequences (comma-separated keys).", valueName: "key[,key…]"))
    var sequence: String?

    @Option(help: ArgumentHelp("These images (comma-separated ids).", valueName: "id[,id…]"))
    var image: String?

    @Option(help: ArgumentHelp("Every image uploaded by this Mapillary username.", valueName: "username"))
    var creator: String?

    @Option(help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out = "mapillary_images"

    @Option(help: ArgumentHelp("Mapillary access token (default: $MAPILLARY_ACCESS_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("api-url"),
            help: ArgumentHelp("Graph API root (a simulator or proxy).", valueName: "url"))
    var apiURL = "https://graph.mapillary.com"

    @Option(help: ArgumentHelp("Area enumeration: tiles (coverage tiles, search cells if the tile server blocks), search (bbox cells) or both (the union).",
                               valueName: "mode"))
    var discovery: DiscoveryMode = .both

    @Option(name: .customLong("tiles-url"),
            help: ArgumentHelp("Coverage tile root (default https://tiles.mapillary.com with the default --api-url, else --api-url).",
                               valueName: "url"))
    var tilesURL: String?

    @Option(name: .customLong("tile-rate"), parsing: .unconditional,
            help: ArgumentHelp("Coverage tiles per minute at most, jittered (1-6000; the tile server blocks IPs that fetch fast).",
                               valueName: "n"))
    var tileRate = TileClient.defaultPerMinute

    @Option(help: ArgumentHelp("original, 2048, 1024 or 256; smaller ones are used when a URL is absent.",
                               valueName: "size"))
    var resolution: Resolution = .original

    @Option(help: ArgumentHelp("Only images captured at or after this date or date-time (ISO 8601, UTC unless a zone is given).",
                               valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only images captured at or before this date (a bare date means the end of that day, UTC).",
                               valueName: "date"))
    var until: String?

    @Flag(help: "Also download flat (non-360°) images.")
    var includeFlat = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Downloads in parallel (1-256).", valueName: "n"))
    var concurrency = 16

    @Option(parsing: .unconditional, help: ArgumentHelp("Graph API requests in parallel (1-64).", valueName: "n"))
    var apiConcurrency = 8

    @Option(name: .customLong("api-rate"), parsing: .unconditional,
            help: ArgumentHelp("Ceiling of the Graph API pace, requests per minute (N/min or N; default 60000/min). 429s and x-app-usage lower the pace below it. Shards behind one IP: total / N each.",
                               valueName: "n/min"))
    var apiRate: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Download only part K of N of the source (1 ≤ K ≤ N): sequences by a stable hash of their key, loose images by id. Each shard folder is a complete dataset; join them with mly360 merge.",
                               valueName: "K/N"))
    var shard: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop discovery after this many new images (at least 1).", valueName: "n"))
    var maxImages: Int?

    @Flag(help: "Write the CSV but download no images.")
    var metadataOnly = false

    @Flag(help: "Skip the verification, EXIF/GPano reading and thumbnails after the downloads.")
    var noCheck = false

    @Flag(help: "Write GPS, time, heading, camera and (for full spheres) GPano into each downloaded file, losslessly (see mly360 embed --help).")
    var embedMetadata = false

    @OptionGroup var check: CheckOptionGroup

    @Flag(help: "Exit 1 when any image failed or is not ok.")
    var strict = false

    @Flag(help: "Run discovery again (cells, sequences, creator pages) to find images uploaded since; only new ones are downloaded.")
    var refresh = false

    @Flag(help: "Do not ask before a large area download (over 50 000 360° images or 50 GB by the plan); only asked on a terminal.")
    var yes = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let given = [bbox, polygon, sequence, image, creator].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError(given.isEmpty
                ? "Give one source: --bbox W,S,E,N, --polygon FILE, --sequence KEY, --image ID or --creator USERNAME."
                : "Give only one source (--bbox, --polygon, --sequence, --image or --creator), not \(given.count).")
        }
        guard (1...6000).contains(tileRate) else { throw ValidationError("--tile-rate must be 1…6000, not \(tileRate).") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1…256, not \(concurrency).") }
        guard (1...64).contains(apiConcurrency) else {
            throw ValidationError("--api-concurrency must be 1…64, not \(apiConcurrency).")
        }
        if let maxImages, maxImages < 1 { throw ValidationError("--max-images must be at least 1, not \(maxImages).") }
        _ = try parsedAPIRate()
        _ = try parsedShard()
        guard let api = URLComponents(string: apiURL), let scheme = api.scheme?.lowercased(),
            scheme == "http" || scheme == "https", api.host?.isEmpty == false
        else { throw ValidationError("--api-url must be an http(s) URL such as https://graph.mapillary.com.") }
        if polygon == nil { _ = try source() }
        let window = try DateArgument.window(since: since, until: until)
        if let start = window.since, let end = window.until, start > end {
            throw ValidationError("--since (\(since ?? "")) is after --until (\(until ?? "")).")
        }
        _ = try Download.resolveToken(option: token, environment: ProcessInfo.processInfo.environment)
    }

    /// The token from `--token`, else `MAPILLARY_ACCESS_TOKEN`; a usage error saying how to get one otherwise.
    static func resolveToken(option: String?, environment: [String: String]) throws -> String {
        if let option, !option.trimmingCharacters(in: .whitespaces).isEmpty {
            return option.trimmingCharacters(in: .whitespaces)
        }
        if let value = environment["MAPILLARY_ACCESS_TOKEN"], !value.trimmingCharacters(in: .whitespaces).isEmpty {
            return value.trimmingCharacters(in: .whitespaces)
        }
        throw ValidationError("""
            No Mapillary access token. Pass --token MLY|… or set MAPILLARY_ACCESS_TOKEN. Get a client token at \
            https://www.mapillary.com/dashboard/developers (register an application, copy its "Client Token").
            """)
    }

    /// The `--polygon` file, read and parsed.
    /// - Throws: ``PolygonFileError`` naming the file and the reason (not found, permission, parse error
    ///   with its position, no polygon), which exits 3 like other local file errors.
    static func readPolygon(_ path: String) throws -> GeoPolygon {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw PolygonFileError(message: "--polygon: cannot read \(path): \(String(cString: strerror(errno))).") }
        close(fd)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolygonFileError(message: "--polygon: cannot read \(path): not a readable file.")
        }
        do {
            return try GeoPolygon(geoJSON: [UInt8](data), path: path)
        } catch {
            throw PolygonFileError(message: "--polygon: \(error.description)")
        }
    }

    /// The one discovery source given, parsed and validated (a `--polygon` file is read here: it fails
    /// with ``PolygonFileError``, a local-file error, so `validate()` leaves it to `run()`).
    func source() throws -> DiscoverySource {
        do {
            if let bbox {
                let boxes = try BoundingBox.parsingAreas(bbox)
                return boxes.count == 1 ? .bbox(boxes[0]) : .boxes(boxes)
            }
            if let polygon { return .polygon(try Download.readPolygon(polygon)) }
            if let sequence {
                let keys = Download.list(sequence)
                guard !keys.isEmpty else { throw ValidationError("--sequence needs at least one sequence key.") }
                for key in keys where !GraphClient.isValidSequenceKey(key) {
                    throw ValidationError("--sequence: \(key) is not a sequence key (letters, digits, _ and -, e.g. d7DlxwUTp6JZaIWKHGtnMQ).")
                }
                return .sequences(keys)
            }
            if let image {
                let ids = Download.list(image)
                guard !ids.isEmpty else { throw ValidationError("--image needs at least one image id.") }
                for id in ids where !MapillaryImage.isValidID(id) {
                    throw ValidationError("--image: \(id) is not an image id (1–20 digits, e.g. 1447075489494186).")
                }
                return .images(ids)
            }
            if let creator {
                let name = creator.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw ValidationError("--creator needs a username.") }
                return .creator(name)
            }
        } catch let error as FetchError {
            throw ValidationError(error.description)
        }
        throw ValidationError("Give one source: --bbox, --polygon, --sequence, --image or --creator.")
    }

    /// Comma-separated items, trimmed, empty ones dropped, duplicates removed (first kept).
    static func list(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// `--api-rate` in requests per minute: `N/min` or `N`, 1…1 000 000.
    func parsedAPIRate() throws -> Int? {
        guard let apiRate else { return nil }
        var text = apiRate.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasSuffix("/min") { text.removeLast(4) }
        guard let value = Int(text), (1...1_000_000).contains(value) else {
            throw ValidationError("--api-rate must be requests per minute, N/min or N with 1 ≤ N ≤ 1000000 (e.g. 3000/min), not '\(apiRate)'.")
        }
        return value
    }

    /// `--shard K/N`.
    func parsedShard() throws -> Shard? {
        guard let shard else { return nil }
        do {
            return try Shard(parsing: shard)
        } catch {
            throw ValidationError("--shard: \(error.description)")
        }
    }

    /// The library options these arguments describe (after ``validate()``).
    /// - Parameter environment: Where `MAPILLARY_ACCESS_TOKEN` is looked up.
    func downloadOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DownloadOptions {
        let window = try DateArgument.window(since: since, until: until)
        var folder = out
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        var options = DownloadOptions(
            source: try source(), outDirectory: folder,
            token: try Download.resolveToken(option: token, environment: environment), apiURL: apiURL, resolution: resolution,
            since: window.since, until: window.until, includeFlat: includeFlat, concurrency: concurrency,
            apiConcurrency: apiConcurrency, maxImages: maxImages, metadataOnly: metadataOnly)
        options.refresh = refresh
        options.discoveryMode = discovery
        options.tilesURL = tilesURL
        options.tileRate = tileRate
        options.apiRate = try parsedAPIRate()
        options.shard = try parsedShard()
        options.logger = logging.logger("mly360")
        return options
    }

    mutating func run() async throws {
        let options: DownloadOptions
        do {
            options = try downloadOptions()
        } catch let error as PolygonFileError {
            FileHandleOutput.standardError("mly360 download: \(error.message)")
            throw ExitCode(ToolExit.localIO)
        }
        if !yes, FileHandleOutput.isTerminal(0), FileHandleOutput.isTerminal(1), !(await Download.confirm(options)) {
            FileHandleOutput.standardError("mly360 download: not confirmed; nothing was downloaded (--yes skips the question).")
            throw ExitCode(ToolExit.strictFailure)
        }
        let code = try await perform(options)
        if code != ToolExit.completed { throw ExitCode(code) }
    }
}

extension Resolution: ExpressibleByArgument {
    /// Parses `original`, `2048`, `1024` or `256`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The accepted values, for `--help`.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension DiscoveryMode: ExpressibleByArgument {}
