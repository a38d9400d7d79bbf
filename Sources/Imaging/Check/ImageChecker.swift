
/// Checks JPEG files one at a time: reads each file once, hashes it (SHA-256), walks its markers, reads
/// Exif and XMP/GPano, verifies it with one DCT-scaled decode that also feeds the thumbnail, and judges
/// whether it is an equirectangular panorama.
///
/// Owns one TurboJPEG decompressor and one compressor. Not `Sendable`: create one per task. Bad input
/// never stops it: every file gets a report, and the next file is checked with a clean decoder.
public struct ImageChecker: ~Copyable {
    /// The options every check uses.
    public let options: CheckOptions
    private var decoder: JPEGDecoder
    private let thumbnailer: Thumbnailer

    /// Creates a checker.
    /// - Parameter options: thumbnail size and quality, pixel limit.
    /// - Throws: ``ImagingError/codec(operation:message:)`` when an option is out of range or TurboJPEG
    ///   cannot allocate its handles.
    public init(options: CheckOptions = CheckOptions()) throws(ImagingError) {
        guard options.maxPixels >= 1 else {
            throw .codec(operation: "check", message: "the pixel limit must be at least 1, not \(options.maxPixels)")
        }
        _ = Self.reuseLargeAllocations
        let decoder = try JPEGDecoder(maxPixels: options.maxPixels)
        let thumbnailer = try Thumbnailer(size: options.thumbnailSize, quality: options.thumbnailQuality)
        self.options = options
        self.decoder = decoder
        self.thumbnailer = thumbnailer
    }

    /// Checks one file: reads it with ``readFile(_:)`` and checks its bytes as
    /// ``check(_:makeThumbnail:apiSaysPanorama:)`` does. Writes nothing: the thumbnail comes back as bytes.
    /// - Parameters:
    ///   - path: the JPEG file.
    ///   - makeThumbnail: also render and encode the thumbnail.
    ///   - apiSaysPanorama: what the image's API metadata says (`is_pano` / `camera_type`); nil if unknown.
    /// - Returns: the report (its ``ImageReport/path`` is `path`) and the thumbnail's JPEG bytes.
    public mutating func check(fileAt path: String, makeThumbnail: Bool, apiSaysPanorama: Bool?) -> CheckedImage {
        let analysis = analyze(fileAt: path, makeThumbnail: makeThumbnail, apiSaysPanorama: apiSaysPanorama)
        return CheckedImage(report: analysis.report, thumbnail: analysis.thumbnail)
    }

    /// Checks one image held in memory: walks its markers, reads Exif and XMP, verifies it with
    /// one decode and judges its projection. Does no file I/O.
    /// - Parameters:
    ///   - bytes: the whole JPEG file.
    ///   - makeThumbnail: also render and encode the thumbnail (``CheckOptions/thumbnailSize`` long edge,
    ///     never larger than the image).
    ///   - apiSaysPanorama: what the image's API metadata says (`is_pano` / `camera_type`); nil if unknown.
    /// - Returns: the report (with an empty path and no thumbnail path) and the thumbnail's JPEG bytes.
    public mutating func check(_ bytes: [UInt8], makeThumbnail: Bool, apiSaysPanorama: Bool?) -> CheckedImage {
        let analysis = analyze(bytes: bytes, path: "", makeThumbnail: makeThumbnail, apiSaysPanorama: apiSaysPanorama)
        return CheckedImage(report: analysis.report, thumbnail: analysis.thumbnail)
    }

    /// Everything learnt about one file: the report and the intermediate findings `inspect` shows.
    struct Analysis {
        var report: ImageReport
        var structure: JPEGStructure?
        var header: JPEGHeader?
        var xmp: XMPMetadata?
        /// The encoded thumbnail, when one was asked for and made.
        var thumbnail: [UInt8]?
    }

    /// Reads the file and runs ``analyze(bytes:path:makeThumbnail:apiSaysPanorama:)``.
    mutating func analyze(fileAt path: String, makeThumbnail: Bool, apiSaysPanorama: Bool?) -> Analysis {
        let bytes: [UInt8]
        switch Self.readFile(path) {
        case .success(let read): bytes = read
        case .failure(let failure):
            var report = ImageReport(path: path, status: .unreadable, message: failure.message, verdict: .unknown,
                                     verdictReason: "")
            Self.judge(&report, width: nil, height: nil, gpano: nil, apiSaysPanorama: apiSaysPanorama)
            return Analysis(report: report)
        }
        return analyze(bytes: bytes, path: path, makeThumbnail: makeThumbnail, apiSaysPanorama: apiSaysPanorama)
    }

    /// Sets the verdict, its reason and its warnings.
    private static func judge(
        _ report: inout ImageReport, width: Int?, height: Int?, gpano: GPano?, apiSaysPanorama: Bool?,
        pixels: PixelSignals? = nil
    ) {
        let assessment = ProjectionClassifier.classify(
            pixelWidth: width, pixelHeight: height, gpano: gpano, apiSaysPanorama: apiSaysPanorama,
            pixels: pixels.map { ($0.projection, $0.projectionReason) })
        report.verdict = assessment.verdict
        report.verdictReason = assessment.reason
        report.warnings += assessment.warnings
    }

    /// The one pipeline behind ``check(_:makeThumbnail:apiSaysPanorama:)``,
    /// ``check(fileAt:makeThumbnail:apiSaysPanorama:)`` and ``ImageInspection/inspect(bytes:name:options:)``.
    mutating func analyze(bytes: [UInt8], path: String, makeThumbnail: Bool, apiSaysPanorama: Bool?) -> Analysis {
        var report = ImageReport(path: path, status: .unreadable, verdict: .unknown, verdictReason: "")
        func judge(width: Int?, height: Int?, gpano: GPano?) {
            Self.judge(&report, width: width, height: height, gpano: gpano, apiSaysPanorama: apiSaysPanorama)
        }
        report.fileSize = bytes.count

        let structure = JPEGStructure.scan(bytes)
        guard structure.startsWithSOI else {
            report.message = JPEGStructure.notJPEGDescription(bytes)
            judge(width: nil, height: nil, gpano: nil)
            return Analysis(report: report, structure: structure)
        }
        report.warnings += structure.problems

        var exif: EXIFMetadata?
        if let payload = structure.exifPayload, let read = EXIFReader.read(exifPayload: payload) {
            exif = read
            report.warnings += read.warnings
        }
        var xmp: XMPMetadata?
        if structure.xmpPacket != nil || !structure.extendedXMPChunks.isEmpty {
            let read = XMPReader.read(standardPacket: structure.xmpPacket, extendedChunks: structure.extendedXMPChunks)
            xmp = read
            report.gpano = read.gpano
            report.warnings += read.warnings
            if case .failed(let reason) = read.extended { report.warnings.append("Extended XMP: \(reason)") }
        }
        let merged = Self.mergeMetadata(exif: exif, xmp: xmp)
        report.exif = merged.exif
        report.gpsSource = merged.gpsSource
        report.warnings += merged.warnings

        // Refuse absurd sizes before TurboJPEG sees them (its own limit is 65500 per side).
        if let frame = structure.frame,
           let refusal = JPEGDecoder.pixelLimitRefusal(width: frame.width, height: frame.height, maxPixels: options.maxPixels) {
            report.message = refusal
            report.pixelWidth = frame.width
            report.pixelHeight = frame.height
            judge(width: frame.width, height: frame.height, gpano: report.gpano)
            return Analysis(report: report, structure: structure, xmp: xmp)
        }

        let header: JPEGHeader
        do {
            header = try decoder.readHeader(bytes)
        } catch {
            report.message = error.message
            judge(width: nil, height: nil, gpano: report.gpano)
            return Analysis(report: report, structure: structure, xmp: xmp)
        }
        report.pixelWidth = header.width
        report.pixelHeight = header.height

        // With a thumbnail, the --thumbnail-decode rule; without, the smallest decode that keeps the pixel
        // signals' working width (1/8 of a 5760-px panorama is 720 px; small images decode larger).
        let denominator = makeThumbnail
            ? options.thumbnailDecode.denominator(longEdge: max(header.width, header.height), target: options.thumbnailSize)
            : [8, 4, 2].first { header.width / $0 >= PixelSignals.workingWidth } ?? 1
        let decoded = decoder.decode(bytes, header: header, scaleDenominator: denominator)
        report.status = decoded.status
        report.message = decoded.message
        // The pixel signals ride on this decode; the verdict uses them and decides the thumbnail's horizontal
        // wrap, so judge before resampling.
        if options.pixelQA, let image = decoded.image, PixelSignals.measurable(image) {
            // Pixels of a damaged decode (grey fill after a truncation, corrupt blocks) say nothing about the
            // projection; the other signals are still measured on them.
            let candidate = decoded.status == .ok && ProjectionClassifier.isFullSphereCandidate(
                pixelWidth: header.width, pixelHeight: header.height, gpano: report.gpano)
            report.pixels = PixelSignals(image, isFullSphereCandidate: candidate)
            if decoded.status != .ok, var pixels = report.pixels {
                pixels.projectionReason = "the decode was damaged: its pixels cannot tell"
                report.pixels = pixels
            }
        }
        Self.judge(&report, width: header.width, height: header.height, gpano: report.gpano,
                   apiSaysPanorama: apiSaysPanorama, pixels: report.pixels)

        var encoded: [UInt8]?
        if makeThumbnail, let image = decoded.image {
            let wrap = report.verdict == .confirmed || report.verdict == .likely
            let thumbnail = thumbnailer.render(
                image, fullWidth: header.width, fullHeight: header.height, scaleDenominator: decoded.scaleDenominator,
                wrapHorizontally: wrap,
                orientation: report.exif?.orientation)
            do {
                encoded = try thumbnailer.encode(thumbnail)
            } catch {
                report.warnings.append("thumbnail not encoded: \(error)")
            }
        }
        return Analysis(report: report, structure: structure, header: header, xmp: xmp, thumbnail: encoded)
    }
}

extension ImagingError {
    /// The cause alone, for a report's message: the codec's text, or the sentence with path and errno.
    var message: String {
        if case .codec(_, let message) = self { return message }
        return description
    }
}
