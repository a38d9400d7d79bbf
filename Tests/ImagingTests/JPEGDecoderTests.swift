import Foundation
import Testing
@testable import Imaging

@Suite("TurboJPEG decoder")
struct JPEGDecoderTests {
    @Test("header: size, subsampling, colour space", arguments: [ChromaSubsampling.s444, .s422, .s420])
    func header(_ subsampling: ChromaSubsampling) throws {
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(try Fixtures.jpeg(width: 40, height: 24, subsampling: subsampling))
        #expect(header == JPEGHeader(width: 40, height: 24, subsampling: subsampling, colorSpace: .yCbCr))
    }

    @Test("decodes at every DCT scale to exactly TJSCALED(w) × TJSCALED(h)", arguments: [1, 2, 4, 8])
    func scaled(_ denominator: Int) throws {
        var decoder = try JPEGDecoder()
        let jpeg = try Fixtures.jpeg(width: 100, height: 37)
        let result = decoder.decode(jpeg, header: try decoder.readHeader(jpeg), scaleDenominator: denominator)
        #expect(result.status == .ok)
        #expect(result.message == nil)
        let image = try #require(result.image)
        let expected = ((100 + denominator - 1) / denominator, (37 + denominator - 1) / denominator)
        #expect((image.width, image.height) == expected)
        #expect(image.rgb.count == expected.0 * expected.1 * 3)
    }

    @Test("decoded pixels match the encoded colours")
    func pixels() throws {
        var decoder = try JPEGDecoder()
        let jpeg = try Fixtures.jpeg(rgb: Fixtures.solid(width: 16, height: 16, 200, 40, 90), width: 16, height: 16)
        let image = try #require(decoder.decode(jpeg, header: try decoder.readHeader(jpeg), scaleDenominator: 1).image)
        for i in stride(from: 0, to: image.rgb.count, by: 3) {
            #expect(abs(Int(image.rgb[i]) - 200) <= 2 && abs(Int(image.rgb[i + 1]) - 40) <= 2 && abs(Int(image.rgb[i + 2]) - 90) <= 2)
        }
    }

    @Test("shrink-on-load follows libvips: 8 from ×16, 4 from ×8, 2 from ×4, else 1",
          arguments: [(8192, 8), (8191, 4), (5760, 4), (4096, 4), (4095, 2), (2880, 2), (2048, 2), (2047, 1), (512, 1), (100, 1)])
    func shrinkOnLoad(_ longEdge: Int, _ expected: Int) {
        #expect(JPEGDecoder.shrinkOnLoadDenominator(longEdge: longEdge, target: 512) == expected)
    }

    @Test("1/1, 1/2, 1/4 and 1/8 are among TurboJPEG's scaling factors")
    func scalingFactors() {
        #expect(JPEGDecoder.supportedDenominators == [1, 2, 4, 8])
    }

    @Test("a truncated file decodes with a warning: damaged, message kept, pixels produced")
    func truncated() throws {
        var decoder = try JPEGDecoder()
        let full = try Fixtures.jpeg(width: 64, height: 64)
        let jpeg = Fixtures.truncated(full, to: full.count * 2 / 3)
        let result = decoder.decode(jpeg, header: try decoder.readHeader(jpeg), scaleDenominator: 1)
        #expect(result.status == .damaged)
        #expect(result.message == "Premature end of JPEG file")
        #expect(result.image?.width == 64)
    }

    @Test("entropy-coded damage decodes with a warning")
    func entropyDamage() throws {
        var decoder = try JPEGDecoder()
        let jpeg = Fixtures.damagingEntropyData(try Fixtures.jpeg(width: 64, height: 64))
        let result = decoder.decode(jpeg, header: try decoder.readHeader(jpeg), scaleDenominator: 8)
        #expect(result.status == .damaged)
        #expect(result.message?.hasPrefix("Corrupt JPEG data") == true)
        #expect(result.image != nil)
    }

    @Test("junk before a marker: the header call warns but keeps the size; the decode is damaged")
    func junkHeaderWarning() throws {
        var decoder = try JPEGDecoder()
        let jpeg = Fixtures.insertingJunk(try Fixtures.jpeg(width: 32, height: 16), count: 5)
        let header = try decoder.readHeader(jpeg)
        #expect((header.width, header.height) == (32, 16))
        #expect(header.warning == "Corrupt JPEG data: 5 extraneous bytes before marker 0xdb")
        let result = decoder.decode(jpeg, header: header, scaleDenominator: 1)
        #expect(result.status == .damaged)
        #expect(result.message?.contains("extraneous bytes") == true)
    }

    @Test("over the pixel limit: refused before decoding, with the numbers in the message")
    func pixelLimit() throws {
        var decoder = try JPEGDecoder()
        let jpeg = Fixtures.patchingFrameSize(try Fixtures.jpeg(), width: 60000, height: 60000)
        let header = try decoder.readHeader(jpeg)
        #expect((header.width, header.height) == (60000, 60000))
        let result = decoder.decode(jpeg, header: header, scaleDenominator: 8)
        #expect(result.status == .unreadable)
        #expect(result.image == nil)
        #expect(result.message == "declares 60000×60000 = 3600000000 pixels, over the 200000000-pixel limit (--max-pixels)")
        #expect(JPEGDecoder.pixelLimitRefusal(width: 65535, height: 65535, maxPixels: 200_000_000) ==
                "declares 65535×65535 = 4294836225 pixels, over the 200000000-pixel limit (--max-pixels)")
        #expect(JPEGDecoder.pixelLimitRefusal(width: 20000, height: 10000, maxPixels: 200_000_000) == nil)
        decoder.maxPixels = 64 * 32 - 1
        let small = try Fixtures.jpeg(width: 64, height: 32)
        #expect(decoder.decode(small, header: try decoder.readHeader(small), scaleDenominator: 8).status == .unreadable)
    }

    @Test("a fatal header error recreates the handle: the next good file still decodes")
    func fatalThenGood() throws {
        var decoder = try JPEGDecoder()
        let stub = [0xFF, 0xD8] + Fixtures.app1(Fixtures.exifPayload(orientation: 1)) + [0xFF, 0xD8, 0xFF, 0xD9]
        #expect(throws: ImagingError.codec(operation: "tjDecompressHeader3", message: "Invalid JPEG file structure: two SOI markers")) {
            try decoder.readHeader(stub)
        }
        let good = try Fixtures.jpeg(width: 32, height: 32)
        let header = try decoder.readHeader(good)
        #expect(decoder.decode(good, header: header, scaleDenominator: 2).status == .ok)
    }

    @Test("a 0×0 header (tables only, or cut in the tables) is refused and the next file still decodes")
    func zeroSize() throws {
        var decoder = try JPEGDecoder()
        #expect(throws: ImagingError.self) { try decoder.readHeader([0xFF, 0xD8, 0x00]) }
        let full = try Fixtures.jpeg()
        #expect(throws: ImagingError.self) { try decoder.readHeader(Fixtures.truncated(full, to: 300)) }
        #expect(throws: ImagingError.self) { try decoder.readHeader([]) }
        let good = try Fixtures.jpeg()
        #expect(decoder.decode(good, header: try decoder.readHeader(good), scaleDenominator: 1).status == .ok)
    }

    @Test("inverted CMYK converts to RGB as C·K/255, M·K/255, Y·K/255")
    func cmykConversion() {
        #expect(JPEGDecoder.rgb(fromInvertedCMYK: [255, 0, 128, 255, 255, 255, 255, 0, 100, 200, 50, 128]) ==
                [255, 0, 128, 0, 0, 0, 50, 100, 25])
    }

    @Test("a real YCCK file decodes through TJPF_CMYK to plausible RGB",
          .enabled(if: Fixtures.realPath("odd/pil_sample_cmyk.jpg") != nil))
    func realYCCK() throws {
        let path = try #require(Fixtures.realPath("odd/pil_sample_cmyk.jpg"))
        let jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var decoder = try JPEGDecoder()
        let header = try decoder.readHeader(jpeg)
        #expect(header.colorSpace == .ycck)
        let result = decoder.decode(jpeg, header: header, scaleDenominator: 1)
        #expect(result.status == .ok)
        let image = try #require(result.image)
        #expect((image.width, image.height, image.rgb.count) == (100, 100, 30000))
        #expect(Set(image.rgb).count > 50)  // a picture, not a flat fill
    }
}
