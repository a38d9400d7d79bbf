import Foundation
import Testing
@testable import Imaging

/// Cross-checks every EXIF and GPano value we report for the real files against `exiftool -n -j -G1`.
///
/// Exif values are compared with exiftool's Exif groups (IFD0, ExifIFD, GPS), not its Composite tags, which may
/// come from XMP. A value we leave empty while exiftool has one must be explained by one of our warnings.
/// One value of exiftool's JSON.
enum ExiftoolValue: Decodable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([ExiftoolValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try container.decode([ExiftoolValue].self))
        }
    }

    var description: String {
        switch self {
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .text(let text): text
        case .list(let values): values.map(\.description).joined(separator: ", ")
        }
    }
}

/// Runs `exiftool -n -j -G1` once over every real file.
enum Exiftool {
    /// The first `exiftool` on PATH; nil when it is not installed.
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/exiftool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// True when exiftool and the real files are both present.
    static var available: Bool { path != nil && Fixtures.hasRealFiles }

    /// exiftool's JSON for every real file, keyed by the manifest's relative path.
    static let output: [String: [String: ExiftoolValue]] = {
        guard let tool = path, let directory = Fixtures.realDirectory else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.arguments = ["-n", "-j", "-G1"] + Fixtures.manifest.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let array = try? JSONDecoder().decode([[String: ExiftoolValue]].self, from: data) else { return [:] }
        var result: [String: [String: ExiftoolValue]] = [:]
        for object in array {
            if case .text(let source)? = object["SourceFile"] { result[source] = object }
        }
        return result
    }()
}

/// Cross-checks every EXIF and GPano value we report for the real files against `exiftool -n -j -G1`.
///
/// Exif values are compared with exiftool's Exif groups (IFD0, ExifIFD, GPS), not its Composite tags, which may
/// come from XMP. A value we leave empty while exiftool has one must be explained by one of our warnings.
@Suite("exiftool cross-check", .enabled(if: Exiftool.available))
struct ExiftoolCrossCheckTests {
    static func text(_ value: ExiftoolValue?) -> String? {
        switch value {
        case nil: nil
        case .text(let string): GPanoParser.trimmed(string)
        case .number(let number): GPanoParser.trimmed(EXIFGPSReader.format(number))
        case let other?: other.description
        }
    }

    static func number(_ value: ExiftoolValue?) -> Double? {
        switch value {
        case .number(let number): number
        case .text(let string): GPanoParser.decimal(string)
        default: nil
        }
    }

    static func check(_ name: String, ours: String?, theirs: String?, warnings: [String], explanation: String, file: String) {
        if let ours {
            #expect(ours == theirs, "\(file) \(name): ours \(ours), exiftool \(theirs ?? "nil")")
        } else if let theirs {
            #expect(warnings.contains { $0.contains(explanation) },
                    "\(file) \(name): exiftool has \(theirs) but we report nothing and no warning explains it: \(warnings)")
        }
    }

    static func check(_ name: String, ours: Double?, theirs: Double?, warnings: [String], explanation: String, file: String) {
        if let ours {
            #expect(theirs.map { abs($0 - ours) <= 1e-6 } == true, "\(file) \(name): ours \(ours), exiftool \(theirs.map { "\($0)" } ?? "nil")")
        } else if let theirs {
            #expect(warnings.contains { $0.contains(explanation) },
                    "\(file) \(name): exiftool has \(theirs) but we report nothing and no warning explains it: \(warnings)")
        }
    }

    static func signed(_ tool: [String: ExiftoolValue], _ value: String, _ ref: String, negative: String) -> Double? {
        guard let magnitude = number(tool[value]) else { return nil }
        return text(tool[ref])?.uppercased().hasPrefix(negative) == true ? -magnitude : magnitude
    }

    @Test("Make, Model, DateTimeOriginal, Orientation, GPS", arguments: Fixtures.manifest)
    func exif(entry: Fixtures.ManifestEntry) throws {
        let tool = try #require(Exiftool.output[entry.path], "exiftool gave no output for \(entry.path)")
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        let exif = segments.exif.flatMap { EXIFReader.read(exifPayload: $0) }
        let warnings = exif?.warnings ?? []
        let file = entry.path
        if exif == nil {
            #expect(tool["IFD0:Make"] == nil && tool["GPS:GPSLatitude"] == nil, "\(file): exiftool found Exif we did not")
        }
        Self.check("Make", ours: exif?.make, theirs: Self.text(tool["IFD0:Make"]), warnings: warnings, explanation: "Make", file: file)
        Self.check("Model", ours: exif?.model, theirs: Self.text(tool["IFD0:Model"]), warnings: warnings, explanation: "Model", file: file)
        Self.check("DateTimeOriginal", ours: exif?.dateTimeOriginal,
                   theirs: Self.text(tool["ExifIFD:DateTimeOriginal"] ?? tool["IFD0:DateTimeOriginal"]),
                   warnings: warnings, explanation: "DateTimeOriginal", file: file)
        Self.check("Orientation", ours: exif?.orientation.map(Double.init), theirs: Self.number(tool["IFD0:Orientation"]),
                   warnings: warnings, explanation: "Orientation", file: file)
        Self.check("GPSLatitude", ours: exif?.latitude, theirs: Self.signed(tool, "GPS:GPSLatitude", "GPS:GPSLatitudeRef", negative: "S"),
                   warnings: warnings, explanation: "GPS position dropped", file: file)
        Self.check("GPSLongitude", ours: exif?.longitude,
                   theirs: Self.signed(tool, "GPS:GPSLongitude", "GPS:GPSLongitudeRef", negative: "W"),
                   warnings: warnings, explanation: "GPS position dropped", file: file)
        let altitudeRef = Self.number(tool["GPS:GPSAltitudeRef"]) ?? 0
        Self.check("GPSAltitude", ours: exif?.altitude,
                   theirs: Self.number(tool["GPS:GPSAltitude"]).map { altitudeRef == 1 ? -$0 : $0 },
                   warnings: warnings, explanation: "altitude", file: file)
    }

    static var gpanoFields: [(String, KeyPath<GPano, Int?>)] {
        [
        ("FullPanoWidthPixels", \.fullWidth), ("FullPanoHeightPixels", \.fullHeight),
        ("CroppedAreaImageWidthPixels", \.croppedWidth), ("CroppedAreaImageHeightPixels", \.croppedHeight),
        ("CroppedAreaLeftPixels", \.croppedLeft), ("CroppedAreaTopPixels", \.croppedTop),
        ]
    }

    @Test("Every GPano field and property", arguments: Fixtures.manifest)
    func gpano(entry: Fixtures.ManifestEntry) throws {
        let tool = try #require(Exiftool.output[entry.path])
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        let xmp = XMPReader.read(standardPacket: segments.xmp, extendedChunks: segments.extended)
        let theirs = tool.filter { $0.key.hasPrefix("XMP-GPano:") }
        guard let gpano = xmp.gpano else {
            #expect(theirs.isEmpty, "\(entry.path): exiftool found GPano \(theirs.keys.sorted()) we did not")
            return
        }
        let file = entry.path
        Self.check("ProjectionType", ours: gpano.projectionType, theirs: Self.text(tool["XMP-GPano:ProjectionType"]),
                   warnings: xmp.warnings, explanation: "ProjectionType", file: file)
        for (name, path) in Self.gpanoFields {
            Self.check(name, ours: gpano[keyPath: path].map(Double.init), theirs: Self.number(tool["XMP-GPano:" + name]),
                       warnings: xmp.warnings, explanation: name, file: file)
        }
        Self.check("PoseHeadingDegrees", ours: gpano.poseHeading, theirs: Self.number(tool["XMP-GPano:PoseHeadingDegrees"]),
                   warnings: xmp.warnings, explanation: "PoseHeadingDegrees", file: file)
        #expect(Set(gpano.properties.keys) == Set(theirs.keys.map { String($0.dropFirst("XMP-GPano:".count)) }))
        for (key, value) in theirs {
            let name = String(key.dropFirst("XMP-GPano:".count))
            guard let ours = gpano.properties[name] else { continue }
            if case .number(let number) = value {
                #expect(GPanoParser.decimal(ours).map { abs($0 - number) <= 1e-6 } == true, "\(file) \(name): ours \(ours), exiftool \(number)")
            } else if case .bool(let flag) = value {
                #expect(ours.lowercased() == (flag ? "true" : "false"), "\(file) \(name): ours \(ours), exiftool \(flag)")
            } else if !name.hasSuffix("Date") {
                #expect(ours == Self.text(value), "\(file) \(name): ours \(ours), exiftool \(value)")
            }
        }
    }
}
