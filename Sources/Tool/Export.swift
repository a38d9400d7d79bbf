import ArgumentParser
import Catalog
import Foundation

/// `mly360 export DIR`: the catalogue as GeoJSON, GeoPackage or a typed CSV for QGIS, GDAL and geopandas.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the catalogue of a folder as GeoJSON, GeoPackage or a GDAL-typed CSV.",
        discussion: """
            Every export holds one feature per image of the catalogue with all of the CSV's columns, typed \
            from their values (integers, reals, true/false booleans, ISO times, text); id and every id-like \
            column (sequence, sha256, phash, duplicate_group…) are always text, because Mapillary ids exceed \
            2^53. Positions are the CSV's latitude/longitude, exactly (WGS 84). An image without a position \
            is kept, with a null geometry. filename and thumbnail are relative to the exported file.

            Formats:
              geojson  RFC 7946 FeatureCollection of Points [longitude, latitude]
                       (default DIR/mapillary_images.geojson); --sequences adds one
                       LineString per sequence, its images in capture order.
              gpkg     GeoPackage 1.3 (default DIR/mapillary_images.gpkg): layer images
                       (Points, EPSG:4326, R-tree index, a photo field with the image's
                       absolute path for QGIS's attachment widget) and layer sequences
                       (LineStrings in capture order, image count, first/last capture
                       time, creator).
              csv      the catalogue's CSV (default: the folder's CSV) with a .csvt
                       sidecar of GDAL column types, so GDAL/QGIS keep ids as text.
            Without --format the format follows --out's extension, else geojson.
            An empty catalogue writes nothing (exit 0). Files appear only when complete.

            Examples:
              mly360 export berlin
              mly360 export berlin --format gpkg
              mly360 export berlin --format geojson --sequences --out berlin.geojson
              mly360 export berlin --format csv --out ~/berlin.csv
              ogrinfo -so berlin/mapillary_images.gpkg images
            """)

    @Argument(help: ArgumentHelp("The folder (checked or downloaded before).", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("geojson, gpkg or csv (default: from --out's extension, else geojson).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("The file to write (default: DIR/mapillary_images.geojson or .gpkg; the folder's CSV for csv).",
                               valueName: "file"))
    var out: String?

    @Flag(help: "GeoJSON: add one LineString feature per sequence (a GeoPackage always has its sequences layer).")
    var sequences = false

    @Option(help: ArgumentHelp("CSV of the folder (default: DIR/mapillary_images_metadata.csv); the catalogue lives beside it.",
                               valueName: "path"))
    var csv: String?

    @Flag(help: "Print the summary as JSON on standard output (snake_case keys).")
    var json = false

    func validate() throws {
        let chosen = try resolvedFormat()
        if sequences && chosen == .csv { throw ValidationError("--sequences needs --format geojson (a CSV has no lines).") }
        if let out, out.isEmpty || out.hasSuffix("/") { throw ValidationError("--out must name a file, not '\(out)'.") }
    }

    /// --format, else --out's extension, else GeoJSON.
    func resolvedFormat() throws -> ExportFormat {
        if let format {
            guard let chosen = ExportFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be geojson, gpkg or csv, not \(format).")
            }
            return chosen
        }
        return out.flatMap(ExportFormat.init(pathExtensionOf:)) ?? .geojson
    }

    mutating func run() async throws {
        let folder = try DatasetFolder.existing(directory, command: "export")
        let chosen = try resolvedFormat()
        let csvPath = csv ?? CatalogCSV.path(in: folder)
        let target = out ?? (chosen == .csv ? csvPath : folder + "/" + chosen.defaultFileName)
        if chosen != .csv, Self.samePath(target, csvPath) {
            throw ValidationError("--out names the folder's CSV (\(csvPath)); choose another file for --format \(chosen.rawValue).")
        }
        do {
            try OutputProbe.csv(target)
            if chosen == .csv { try OutputProbe.csv(CSVExport.sidecarPath(for: target)) }
        } catch {
            FileHandleOutput.standardError("mly360 export: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        let session = try DatasetSession(command: "export", root: folder, csvPath: csvPath, thumbnails: nil)
        let summary: ExportSummary
        do {
            guard try session.catalog.recordCount() > 0 else {
                session.discardIfEmpty()
                FileHandleOutput.standardError("mly360 export: the catalogue of \(folder) holds no images; nothing written "
                    + "(run mly360 check or mly360 download first).")
                return
            }
            switch chosen {
            case .geojson: summary = try GeoJSONExport.write(session.catalog, root: folder, to: target, sequences: sequences)
            case .gpkg: summary = try GeoPackageExport.write(session.catalog, root: folder, to: target)
            case .csv: summary = try CSVExport.write(session.catalog, root: folder, to: target)
            }
        } catch {
            FileHandleOutput.standardError("mly360 export: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        for note in session.notes { FileHandleOutput.standardError("mly360 export: \(note)") }
        if summary.positioned == 0 {
            FileHandleOutput.standardError("mly360 export: none of the \(summary.features) images has a position "
                + "(latitude/longitude come from Mapillary: mly360 download); every feature has a null geometry.")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = (try? encoder.encode(JSONSummary(summary))) ?? Data("{}".utf8)
            FileHandleOutput.standardOutput(String(decoding: data, as: UTF8.self))
        } else {
            FileHandleOutput.standardOutput(Self.line(summary))
        }
    }

    /// Whether two paths name the same file (lexically, after making them absolute).
    static func samePath(_ left: String, _ right: String) -> Bool {
        URL(fileURLWithPath: left).standardizedFileURL.path == URL(fileURLWithPath: right).standardizedFileURL.path
    }

    /// The one-line summary: features, positions, sequences, path and size.
    static func line(_ summary: ExportSummary) -> String {
        var text = "mly360 export: \(summary.features) image\(summary.features == 1 ? "" : "s")"
        text += summary.unpositioned == 0 ? " with a position"
            : " (\(summary.positioned) with a position, \(summary.unpositioned) without: null geometry)"
        if summary.sequences > 0 {
            text += ", \(summary.sequences) sequence\(summary.sequences == 1 ? "" : "s")"
            if summary.sequenceLines != summary.sequences { text += " (\(summary.sequenceLines) with a line)" }
        }
        text += " → \(summary.path) (\(byteText(summary.bytes)))"
        if let sidecar = summary.sidecarPath { text += " + \(sidecar)" }
        return text
    }

    /// `812 B`, `84.2 KB`, `3.1 MB`.
    static func byteText(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return String(format: "%.1f KB", Double(bytes) / 1e3) }
        if bytes < 1_000_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        return String(format: "%.2f GB", Double(bytes) / 1e9)
    }

    /// The `--json` summary.
    struct JSONSummary: Encodable {
        var format: String
        var path: String
        var sidecarPath: String?
        var features: Int
        var positioned: Int
        var unpositioned: Int
        var sequences: Int
        var sequenceLines: Int
        var bytes: Int64
        /// Column name → type (integer, real, boolean, dateTime, string).
        var columnTypes: [String: String]

        init(_ summary: ExportSummary) {
            format = summary.format.rawValue
            path = summary.path
            sidecarPath = summary.sidecarPath
            features = summary.features
            positioned = summary.positioned
            unpositioned = summary.unpositioned
            sequences = summary.sequences
            sequenceLines = summary.sequenceLines
            bytes = summary.bytes
            columnTypes = Dictionary(zip(summary.columnTypes.columns, summary.columnTypes.types.map(\.rawValue)),
                                     uniquingKeysWith: { first, _ in first })
        }
    }
}
