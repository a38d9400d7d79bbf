import ArgumentParser
import Foundation
import Imaging

extension ThumbnailDecode: ExpressibleByArgument {}

/// Options shared by `mly360 check` and `mly360 download` (which ends by running the same checks).
struct CheckOptionGroup: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Long edge of each thumbnail, in pixels (16-8192; never larger than the image).", valueName: "pixels"))
    var thumbnailSize = 512

    @Option(parsing: .unconditional, help: ArgumentHelp("JPEG quality of the thumbnails (1-100).", valueName: "quality"))
    var thumbnailQuality = 85

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "How large a decode thumbnails are made from: fine (libvips' rule, at least 2x the thumbnail: 1/4 of a 5760-px panorama for 512 px; as faithful as vipsthumbnail) or fast (the smallest DCT scale still at least the thumbnail's size: 1/8; about a third less CPU, 0.2-1.3 dB lower PSNR).",
        valueName: "fine|fast"))
    var thumbnailDecode: ThumbnailDecode = .fine

    @Flag(help: "Skip the pixel QA signals (projection from pixels, blur, exposure, near-duplicate hashes); verification, metadata and thumbnails stay.")
    var noPixelQa = false

    @Flag(help: "Verify and read metadata only; write no thumbnails.")
    var noThumbnails = false

    @Option(name: .customLong("jobs"), parsing: .unconditional,
            help: ArgumentHelp("Files checked in parallel (1-256; default: the number of cores).", valueName: "n"))
    var requestedJobs: Int?

    /// `--jobs`, or the number of cores.
    var jobs: Int { requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Refuse to decode images declaring more pixels than this (at least 1; protects memory from hostile headers).",
        valueName: "pixels"))
    var maxPixels = 200_000_000

    func validate() throws {
        guard (16...8192).contains(thumbnailSize) else { throw ValidationError("--thumbnail-size must be 16…8192, not \(thumbnailSize).") }
        guard (1...100).contains(thumbnailQuality) else { throw ValidationError("--thumbnail-quality must be 1…100, not \(thumbnailQuality).") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1…256, not \(jobs).") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be at least 1, not \(maxPixels).") }
    }

    /// The library options these flags describe.
    var checkOptions: CheckOptions {
        CheckOptions(thumbnailSize: thumbnailSize, thumbnailQuality: thumbnailQuality, maxPixels: maxPixels,
                     thumbnailDecode: thumbnailDecode, pixelQA: !noPixelQa)
    }
}
