/// One parser of untrusted bytes under fuzzing: each has its own libFuzzer executable (`Fuzz<Name>`,
/// built by `make fuzz`) and its regression inputs in `Tests/FuzzTests/Fuzz/Regressions/<name>/`.
///
/// ``run(_:)`` feeds one input to the real library API and discards the result: a defect is a crash, a
/// sanitizer report, a leak or an input that takes over 1 s or 256 MB, never a returned error.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The JPEG segment scan, then ``Imaging/ImageChecker`` on the bytes (decode, EXIF, XMP, verdict,
    /// pixel signals and a thumbnail), with a 1-megapixel decode limit.
    case check
    /// `mly360 inspect`: the inspection of the bytes, rendered as text and as JSON.
    case inspect
    /// XMP and GPano, with Extended XMP reassembly: a JPEG's packets, or the input as one standard packet.
    case xmp
    /// EXIF through libexif plus our own IFD reading: a JPEG's APP1, or the input as the APP1 payload.
    case exif
    /// The lossless JSON parser, the Graph collection split and ``Fetch/MapillaryImage`` decoding.
    case json
    /// The CSV reader, on the input written to a file.
    case csv
    /// GeoJSON polygon parsing (`--polygon FILE`) and the point/box tests on the result.
    case geojson
    /// The Mapbox Vector Tile decoder and the coverage read of the decoded tile.
    case tile

    /// The most pixels the check and inspect targets decode: large frames are refused as they are in
    /// production with `maxPixels`, so an input cannot buy more than 1 s of decode.
    public static let maxPixels = 1 << 20

    /// Feeds one input to the parser.
    /// - Parameter bytes: The input, as libFuzzer or a replayed file gives it.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .check: FuzzTarget.runCheck(bytes)
        case .inspect: FuzzTarget.runInspect(bytes)
        case .xmp: FuzzTarget.runXMP(bytes)
        case .exif: FuzzTarget.runEXIF(bytes)
        case .json: FuzzTarget.runJSON(bytes)
        case .csv: FuzzTarget.runCSV(bytes)
        case .geojson: FuzzTarget.runGeoJSON(bytes)
        case .tile: FuzzTarget.runTile(bytes)
        }
    }

    /// Whether the bytes start like a JPEG (SOI then a marker): such inputs are scanned as files, others
    /// are handed to the parser as the payload itself.
    static func looksLikeJPEG(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
    }
}
