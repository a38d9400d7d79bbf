import ArgumentParser
import Fetch
import Foundation
import Imaging

/// `mly360 inspect FILE…`: everything mly360 knows about single files.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show everything about one or more JPEG files: markers, EXIF, GPano, verification, verdict.",
        discussion: """
            Prints the JPEG marker list, frame (size, subsampling, colour space, progressive), every EXIF tag \
            libexif reads (MakerNotes are never decoded), GPano XMP properties, Extended XMP status, the \
            decoder's verdict and the equirectangular verdict with its reason and warnings.

            Examples:
              mly360 inspect pano.jpg
              mly360 inspect --json a.jpg b.jpg > report.json
            """
    )

    @Argument(help: ArgumentHelp("JPEG files to inspect.", valueName: "file"))
    var files: [String]

    @Flag(help: "Print a JSON array (one object per file) instead of text.")
    var json = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Refuse to decode images declaring more pixels than this (at least 1).", valueName: "pixels"))
    var maxPixels = 200_000_000

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one file to inspect.") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be at least 1, not \(maxPixels).") }
    }

    mutating func run() async throws {
        let options = CheckOptions(maxPixels: maxPixels)
        var missing = 0
        var outputs: [String] = []
        for file in files {
            var info = stat()
            if lstat(file, &info) != 0 {
                FileHandleOutput.standardError("mly360 inspect: cannot read '\(file)': \(String(cString: strerror(errno)))")
                missing += 1
                continue
            }
            var inspection: ImageInspection
            switch ImageChecker.readFile(file) {
            case .success(let bytes):
                inspection = ImageInspection.inspect(bytes: bytes, name: file, options: options)
                inspection.sha256 = SHA256Hex.of(bytes)
            case .failure:
                inspection = ImageInspection.inspect(fileAt: file, options: options)  // says why it cannot be read
            }
            outputs.append(json ? inspection.renderJSON() : inspection.renderText())
        }
        if json {
            FileHandleOutput.standardOutput("[\n" + outputs.joined(separator: ",\n") + "\n]")
        } else {
            FileHandleOutput.standardOutput(outputs.joined(separator: "\n\n"))
        }
        if missing > 0 { throw ExitCode(ToolExit.localIO) }
    }
}
