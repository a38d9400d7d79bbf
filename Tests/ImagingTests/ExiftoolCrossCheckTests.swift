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
        guard let directory = Fixtures.realDirectory else { return [:] }
        return run(Fixtures.manifest.map(\.path), in: directory)
    }()

    /// `exiftool -n -j -G1` over `files` (relative to `directory`), keyed by the path as given; empty when
    /// exiftool is missing or fails.
    static func run(_ files: [String], in directory: String) -> [String: [String: ExiftoolValue]] {
        guard let tool = path else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.arguments = ["-n", "-j", "-G1"] + files
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
    }
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

    /// Compares our Make, Model, DateTimeOriginal, Orientation and GPS with exiftool's Exif groups.
    static func compareExif(_ exif: EXIFMetadata?, with tool: [String: ExiftoolValue], file: String) {
        let warnings = exif?.warnings ?? []
        check("Make", ours: exif?.make, theirs: text(tool["IFD0:Make"]), warnings: warnings, explanation: "Make", file: file)
        check("Model", ours: exif?.model, theirs: text(tool["IFD0:Model"]), warnings: warnings, explanation: "Model", file: file)
        check("DateTimeOriginal", ours: exif?.dateTimeOriginal,
              theirs: text(tool["ExifIFD:DateTimeOriginal"] ?? tool["IFD0:DateTimeOriginal"]),
              warnings: warnings, explanation: "DateTimeOriginal", file: file)
        check("GPSLatitude", ours: exif?.latitude, theirs: signed(tool, "GPS:GPSLatitude", "GPS:GPSLatitudeRef", negative: "S"),
              warnings: warnings, explanation: "GPS position dropped", file: file)
        check("GPSLongitude", ours: exif?.longitude,
              theirs: signed(tool, "GPS:GPSLongitude", "GPS:GPSLongitudeRef", negative: "W"),
              warnings: warnings, explanation: "GPS position dropped", file: file)
        let altitudeRef = number(tool["GPS:GPSAltitudeRef"]) ?? 0
        check("GPSAltitude", ours: exif?.altitude,
              theirs: number(tool["GPS:GPSAltitude"]).map { altitudeRef == 1 ? -$0 : $0 },
              warnings: warnings, explanation: "altitude", file: file)
    }

    @Test("the raw TIFF reader alone agrees with exiftool on every real file", arguments: Fixtures.manifest)
    func raw(entry: Fixtures.ManifestEntry) throws {
        let tool = try #require(Exiftool.output[entry.path])
        let segments = try #require(try XMPFixtures.realSegments(entry.path))
        guard let payload = segments.exif else {
            #expect(tool["IFD0:Make"] == nil && tool["GPS:GPSLatitude"] == nil, "\(entry.path): exiftool found Exif we did not")
            return
        }
        let raw = RawTIFFFields.read(exifPayload: payload)
        let position = EXIFGPSReader.read(raw.gps)
        let exif = EXIFMetadata(
            make: raw.ifd0[EXIFReader.makeTag]?.text, model: raw.ifd0[EXIFReader.modelTag]?.text,
            dateTimeOriginal: raw.exif[EXIFReader.dateTimeOriginalTag]?.text ?? raw.ifd0[EXIFReader.dateTimeOriginalTag]?.text,
            latitude: position.latitude, longitude: position.longitude, altitude: position.altitude,
            warnings: position.warnings)
        Self.compareExif(exif, with: tool, file: entry.path + " (raw)")
        // Nothing the fallback needs is missing from the raw reading where exiftool has it.
        if tool["GPS:GPSLatitude"] != nil { #expect(raw.gps[EXIFGPSReader.latitudeTag] != nil, "\(entry.path)") }
        if tool["IFD0:Make"] != nil { #expect(raw.ifd0[EXIFReader.makeTag] != nil, "\(entry.path)") }
    }

    @Test("the checker's report (Exif, else XMP exif:) agrees with exiftool, and says where the GPS came from",
          arguments: Fixtures.manifest)
    func report(entry: Fixtures.ManifestEntry) throws {
        let tool = try #require(Exiftool.output[entry.path])
        let path = try #require(Fixtures.realPath(entry.path))
        var checker = try ImageChecker(options: CheckOptions())
        let bytes = try ImageChecker.readFile(path).get()
        let report = checker.check(bytes, makeThumbnail: false, apiSaysPanorama: nil).report
        let exif = report.exif
        let file = entry.path
        let warnings = report.warnings
        Self.check("Make", ours: exif?.make, theirs: Self.text(tool["IFD0:Make"]), warnings: warnings, explanation: "Make", file: file)
        Self.check("Model", ours: exif?.model, theirs: Self.text(tool["IFD0:Model"]), warnings: warnings, explanation: "Model", file: file)
        let exifDate = Self.text(tool["ExifIFD:DateTimeOriginal"] ?? tool["IFD0:DateTimeOriginal"])
        // exiftool shows XMP dates as `YYYY:MM:DD HH:MM:SS[.s][zone]`; we keep the first 19 characters.
        let xmpDate = Self.text(tool["XMP-exif:DateTimeOriginal"]).map { String($0.prefix(19)) }
        Self.check("DateTimeOriginal", ours: exif?.dateTimeOriginal, theirs: exifDate ?? xmpDate, warnings: warnings,
                   explanation: "DateTimeOriginal", file: file)
        let exifLatitude = Self.signed(tool, "GPS:GPSLatitude", "GPS:GPSLatitudeRef", negative: "S")
        let exifLongitude = Self.signed(tool, "GPS:GPSLongitude", "GPS:GPSLongitudeRef", negative: "W")
        let useXMP = report.gpsSource == .xmp || (exifLatitude == nil && Self.number(tool["XMP-exif:GPSLatitude"]) != nil)
        let latitude = useXMP ? Self.number(tool["XMP-exif:GPSLatitude"]) : exifLatitude
        let longitude = useXMP ? Self.number(tool["XMP-exif:GPSLongitude"]) : exifLongitude
        Self.check("GPSLatitude", ours: exif?.latitude, theirs: latitude, warnings: warnings, explanation: "GPS position dropped", file: file)
        Self.check("GPSLongitude", ours: exif?.longitude, theirs: longitude, warnings: warnings, explanation: "GPS position dropped", file: file)
        let group = useXMP ? "XMP-exif:" : "GPS:"
        let altitudeRef = Self.number(tool[group + "GPSAltitudeRef"]) ?? 0
        Self.check("GPSAltitude", ours: exif?.altitude,
                   theirs: Self.number(tool[group + "GPSAltitude"]).map { altitudeRef == 1 ? -$0 : $0 },
                   warnings: warnings, explanation: "altitude", file: file)
        #expect(report.gpsSource == (exif?.latitude == nil ? nil : (useXMP ? .xmp : .exif)), "\(file)")
        if file == "pano/adobe_coords.jpg" { #expect(report.gpsSource == .xmp) }
        if ["pano/GSAG2002.JPG", "pano/R0014760.JPG", "pano/snow.jpg", "camera/DSC00001.JPG", "broken/corrupt_exif.jpg"]
            .contains(file) { #expect(report.gpsSource == .exif, "\(file)") }
    }

    @Test("exiftool reads the synthetic bogus-thumbnail-offset Exif as we recover it", arguments: EXIFFixtures.ByteOrder.allCases)
    func recoveredMatchesExiftool(_ order: EXIFFixtures.ByteOrder) throws {
        let directory = try Fixtures.temporaryDirectory("exiftool-\(order)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let payload = RawTIFFFieldsTests.bogusThumbnailPayload(order)
        _ = try Fixtures.write(Fixtures.inserting([Fixtures.app1(payload)], into: try Fixtures.jpeg()), to: directory, as: "bogus.jpg")
        let tool = try #require(Exiftool.run(["bogus.jpg"], in: directory)["bogus.jpg"])
        let exif = try #require(EXIFReader.read(exifPayload: payload))
        #expect(exif.latitude != nil && exif.altitude != nil && exif.dateTimeOriginal != nil)
        Self.compareExif(exif, with: tool, file: "bogus.jpg \(order)")
        Self.check("Orientation", ours: exif.orientation.map(Double.init), theirs: Self.number(tool["IFD0:Orientation"]),
                   warnings: exif.warnings, explanation: "Orientation", file: "bogus.jpg")
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
