import Foundation
import Testing
@testable import Imaging

/// Thumbnails never enlarge: an image smaller than the requested long edge keeps its own size.
@Suite("Thumbnails never enlarge")
struct ThumbnailNoUpscaleTests {
    @Test("thumbnailSize keeps small images and scales large ones",
          arguments: [((32, 28), 512, (32, 28)), ((28, 32), 512, (28, 32)), ((512, 256), 512, (512, 256)),
                      ((513, 256), 512, (512, 256)), ((1024, 300), 512, (512, 150)), ((5760, 2880), 512, (512, 256)), ((100, 1), 64, (64, 1)),
                      ((64, 64), 64, (64, 64)), ((1, 1), 512, (1, 1))])
    func size(_ source: (Int, Int), _ longEdge: Int, _ expected: (Int, Int)) {
        #expect(Thumbnailer.thumbnailSize(width: source.0, height: source.1, longEdge: longEdge) == expected)
    }

    @Test("render keeps a 40×20 image at 40×20 when asked for 512, with its pixels")
    func render() throws {
        let thumbnailer = try Thumbnailer(size: 512, quality: 90)
        let source = DecodedImage(width: 40, height: 20, rgb: Fixtures.pattern(width: 40, height: 20))
        let out = thumbnailer.render(source, fullWidth: 40, fullHeight: 20, scaleDenominator: 1,
                                     wrapHorizontally: false, orientation: nil)
        #expect((out.width, out.height) == (40, 20))
        let largest = zip(out.rgb, source.rgb).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(largest <= 1)
    }

    @Test("the checker's thumbnail of a 48×24 JPEG with a 512 px size is 48×24; an oriented one turns",
          arguments: [(nil as UInt16?, (48, 24)), (6, (24, 48))])
    func checker(_ orientation: UInt16?, _ expected: (Int, Int)) throws {
        var jpeg = try Fixtures.jpeg(width: 48, height: 24)
        if let orientation { jpeg = Fixtures.inserting([Fixtures.app1(Fixtures.exifPayload(orientation: orientation))], into: jpeg) }
        var checker = try ImageChecker(options: CheckOptions(thumbnailSize: 512))
        let checked = checker.check(jpeg, makeThumbnail: true, apiSaysPanorama: nil)
        let thumbnail = try #require(checked.thumbnail)
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(thumbnail)
        #expect((header.width, header.height) == expected)
    }

    @Test("the real 32×28 adobe_coords.jpg gets a 32×28 thumbnail at the default 512",
          .enabled(if: Fixtures.realPath("pano/adobe_coords.jpg") != nil))
    func real() throws {
        let path = try #require(Fixtures.realPath("pano/adobe_coords.jpg"))
        var checker = try ImageChecker(options: CheckOptions())
        let checked = checker.check(try ImageChecker.readFile(path).get(), makeThumbnail: true, apiSaysPanorama: nil)
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(try #require(checked.thumbnail))
        #expect((header.width, header.height) == (32, 28))
    }
}
