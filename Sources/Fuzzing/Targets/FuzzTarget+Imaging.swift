import Imaging

extension FuzzTarget {
    /// The options of the check and inspect targets: production defaults with the decode limit lowered
    /// and a small thumbnail.
    static let checkOptions = CheckOptions(thumbnailSize: 64, maxPixels: FuzzTarget.maxPixels)

    static func runCheck(_ bytes: [UInt8]) {
        let structure = JPEGStructure.scan(bytes)
        precondition(structure.segments.allSatisfy { $0.offset >= 0 && $0.offset <= bytes.count },
                     "a segment outside the input")
        // A checker per input (its TurboJPEG handles cost microseconds), so no state outlives an input.
        guard var checker = try? ImageChecker(options: checkOptions) else {
            preconditionFailure("ImageChecker refused the fuzz options")
        }
        let checked = checker.check(bytes, makeThumbnail: true, apiSaysPanorama: bytes.count % 2 == 0)
        _ = checked.report.status
    }

    static func runInspect(_ bytes: [UInt8]) {
        let inspection = ImageInspection.inspect(bytes: bytes, name: "fuzz input", options: checkOptions)
        _ = inspection.renderText()
        _ = inspection.renderJSON()
    }

    static func runXMP(_ bytes: [UInt8]) {
        if looksLikeJPEG(bytes) {
            let structure = JPEGStructure.scan(bytes)
            _ = XMPReader.read(standardPacket: structure.xmpPacket, extendedChunks: structure.extendedXMPChunks)
        } else {
            _ = XMPReader.read(standardPacket: bytes, extendedChunks: [])
        }
    }

    static func runEXIF(_ bytes: [UInt8]) {
        if looksLikeJPEG(bytes) {
            if let payload = JPEGStructure.scan(bytes).exifPayload { _ = EXIFReader.read(exifPayload: payload) }
        } else {
            _ = EXIFReader.read(exifPayload: bytes)
        }
    }
}
