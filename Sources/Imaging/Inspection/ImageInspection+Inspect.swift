extension ImageInspection {
    /// Inspects one file with the same pipeline as ``ImageChecker`` (no thumbnail is written).
    ///
    /// A thin wrapper: reads the file with ``ImageChecker/readFile(_:)``, then inspects its bytes as
    /// ``inspect(bytes:name:options:)`` does.
    /// - Parameters:
    ///   - path: the file.
    ///   - options: the pixel limit (thumbnail settings are unused).
    /// - Returns: the inspection; a file that cannot be read or decoded still yields one, with the
    ///   status and message saying why.
    public static func inspect(fileAt path: String, options: CheckOptions = CheckOptions()) -> ImageInspection {
        run(name: path, options: options) { checker in
            checker.analyze(fileAt: path, makeThumbnail: false, apiSaysPanorama: nil)
        }
    }

    /// Inspects one image held in memory with the same pipeline as ``ImageChecker``. Does no file I/O.
    /// - Parameters:
    ///   - bytes: the whole JPEG file.
    ///   - name: how the inspection names the image (its ``path``), e.g. a file name or URL.
    ///   - options: the pixel limit (thumbnail settings are unused).
    /// - Returns: the inspection; bytes that cannot be decoded still yield one, with the status and
    ///   message saying why.
    public static func inspect(bytes: [UInt8], name: String, options: CheckOptions = CheckOptions()) -> ImageInspection {
        run(name: name, options: options) { checker in
            checker.analyze(bytes: bytes, path: name, makeThumbnail: false, apiSaysPanorama: nil)
        }
    }

    private static func run(
        name: String, options: CheckOptions, _ body: (inout ImageChecker) -> ImageChecker.Analysis
    ) -> ImageInspection {
        do {
            var checker = try ImageChecker(options: options)
            return ImageInspection(body(&checker))
        } catch {
            let report = ImageReport(
                path: name, status: .unreadable, message: error.description, verdict: .unknown,
                verdictReason: "the file was not checked")
            return ImageInspection(ImageChecker.Analysis(report: report))
        }
    }

    init(_ analysis: ImageChecker.Analysis) {
        let report = analysis.report
        let structure = analysis.structure
        let frame = structure?.frame
        path = report.path
        fileSize = report.fileSize
        sha256 = nil
        markers = (structure?.segments ?? []).map {
            Marker(offset: $0.offset, marker: $0.name, length: $0.length, kind: $0.kind?.rawValue,
                   entropyCodedBytes: $0.entropyCodedLength)
        }
        width = analysis.header?.width ?? frame?.width
        height = analysis.header?.height ?? frame?.height
        sof = frame?.sofName
        coding = frame?.coding.rawValue
        progressive = frame?.isProgressive
        precision = frame?.precision
        components = frame.map { f in
            f.components.map { "\($0.id):\($0.horizontalSampling)x\($0.verticalSampling)" }.joined(separator: " ")
        }
        subsampling = analysis.header?.subsampling?.description
        colorSpace = analysis.header?.colorSpace.description
        restartInterval = structure?.restartInterval
        scans = structure?.scanCount ?? 0
        endsWithEOI = structure?.endsWithEOI ?? false
        bytesAfterEOI = structure?.bytesAfterEOI ?? 0
        comments = structure?.comments ?? []
        var summary: [String: String] = [:]
        if let exif = report.exif {
            summary["make"] = exif.make
            summary["model"] = exif.model
            summary["datetime_original"] = exif.dateTimeOriginal
            summary["orientation"] = exif.orientation.map(String.init)
            summary["gps_latitude"] = exif.latitude.map { "\($0)" }
            summary["gps_longitude"] = exif.longitude.map { "\($0)" }
            summary["gps_altitude"] = exif.altitude.map { "\($0)" }
        }
        if let source = report.gpsSource {
            summary["gps_source"] = source.rawValue
        }
        exifSummary = summary
        exif = (report.exif?.entries ?? []).map {
            ExifEntry(ifd: $0.ifd, tag: "0x" + JPEGSegment.hexByte(UInt8($0.tag >> 8)) + JPEGSegment.hexByte(UInt8($0.tag & 0xFF)),
                      name: $0.name, value: $0.value)
        }
        gpano = report.gpano?.properties ?? [:]
        extendedXMP = (analysis.xmp?.extended ?? .absent).description
        status = report.status
        message = report.message
        verdict = report.verdict
        verdictReason = report.verdictReason
        warnings = report.warnings
        pixels = report.pixels
    }
}
