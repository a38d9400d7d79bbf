import Foundation
import Testing
@testable import Imaging

/// `--thumbnail-decode` chooses the DCT scale thumbnails are resampled from; `--no-pixel-qa` skips the signals.
@Suite("Thumbnail decode scale and the pixel-QA switch")
struct ThumbnailDecodeTests {
    @Test("fine follows libvips' shrink-on-load rule, fast takes the smallest scale still at least the thumbnail",
          arguments: [(5760, 512, 4, 8), (5376, 512, 4, 8), (4096, 512, 4, 8), (4000, 512, 2, 4), (4542, 512, 4, 8),
                      (1024, 128, 4, 8), (1023, 128, 2, 8), (600, 512, 1, 1), (300, 512, 1, 1), (8192, 64, 8, 8)])
    func denominators(_ longEdge: Int, _ target: Int, _ fine: Int, _ fast: Int) {
        #expect(ThumbnailDecode.fine.denominator(longEdge: longEdge, target: target) == fine)
        #expect(ThumbnailDecode.fast.denominator(longEdge: longEdge, target: target) == fast)
        // The fast decode is never smaller than the thumbnail: nothing is ever upscaled.
        let decoded = (longEdge + fast - 1) / fast
        #expect(decoded >= min(target, longEdge))
    }

    @Test("both decodes make a thumbnail of the requested size; fast resamples from the smaller decode")
    func bothDecodes() throws {
        let jpeg = try Fixtures.jpeg(width: 1024, height: 512, quality: 92)
        var sizes: [ThumbnailDecode: (Int, Int)] = [:]
        var thumbnails: [ThumbnailDecode: [UInt8]] = [:]
        for mode in ThumbnailDecode.allCases {
            var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 128, thumbnailDecode: mode))
            let checked = checker.check(jpeg, makeThumbnail: true, apiSaysPanorama: nil)
            #expect(checked.report.status == .ok)
            #expect(checked.report.pixels != nil, "the signals ride on either decode")
            let thumbnail = try #require(checked.thumbnail)
            let frame = try #require(JPEGStructure.scan(thumbnail).frame)
            sizes[mode] = (frame.width, frame.height)
            thumbnails[mode] = thumbnail
        }
        #expect(sizes[.fine]! == (128, 64) && sizes[.fast]! == (128, 64))
        #expect(thumbnails[.fine] != thumbnails[.fast], "1/4 and 1/8 decodes give different thumbnails")
    }

    @Test("pixelQA off: no signals, and the verdict rests on aspect and metadata alone")
    func noPixelQA() throws {
        let jpeg = try Fixtures.jpeg(width: 256, height: 128)
        var with = try ImageChecker(options: CheckOptions())
        var without = try ImageChecker(options: CheckOptions(pixelQA: false))
        let measured = with.check(jpeg, makeThumbnail: false, apiSaysPanorama: nil).report
        let skipped = without.check(jpeg, makeThumbnail: false, apiSaysPanorama: nil).report
        #expect(measured.pixels != nil)
        #expect(skipped.pixels == nil)
        #expect(skipped.status == .ok && skipped.pixelWidth == 256)
        #expect(skipped.verdict == .likely, "2:1 with no other evidence stays likely")
    }
}
