import Foundation

/// The shape of a simulated Mapillary world: where it is, how many sequences and images, and which quirks it has.
///
/// Everything derived from a spec is deterministic for a given ``SimulatorConfiguration/seed``.
public struct WorldSpec: Sendable {
    /// The area the sequences are laid out in. The default is 0.04° × 0.03° in Berlin (0.0012 deg²): small enough
    /// for one bbox request, large enough that such a request is a thin sample.
    public var area: SimBox
    /// Number of sequences (each one creator, one camera).
    public var sequences: Int
    /// Images per sequence, drawn uniformly from this range.
    public var imagesPerSequence: ClosedRange<Int>
    /// Fraction of sequences captured with a 360° camera (`is_pano` true).
    public var panoFraction: Double
    /// `width` reported by the API for panoramas (the original upload).
    public var apiPanoWidth: Int
    /// `height` reported by the API for panoramas.
    public var apiPanoHeight: Int
    /// Width of the panorama JPEGs the CDN serves for `thumb_original_url`; their height is half of it.
    /// Tests keep it small; the benchmark sets 5760.
    public var servedPanoWidth: Int
    /// Width of the flat (4:3) JPEGs the CDN serves for `thumb_original_url`.
    public var servedFlatWidth: Int
    /// JPEG quality of the served images (1…100); the default makes a 5760×2880 panorama about 3 MB.
    public var servedQuality: Int
    /// How many mislabelled images of each kind: `is_pano` true but served 4:3, and `perspective` but served 2:1.
    public var mislabelledCount: Int
    /// Fraction of image ids above 2^53 (17 digits), which break clients that parse ids as doubles.
    public var largeIdFraction: Double
    /// Fraction of images without `thumb_original_url` (clients fall back to `thumb_2048_url`).
    public var missingOriginalFraction: Double
    /// Creator usernames, assigned to sequences in turn.
    public var creators: [String]
    /// Earliest capture time.
    public var captureStart: Date
    /// Latest capture time.
    public var captureEnd: Date
    /// Fraction of served panorama JPEGs that carry a GPano XMP packet.
    public var gpanoFraction: Double
    /// How many panoramas with an id above 2^53 get a "double twin": a flat image elsewhere whose id is
    /// exactly what the panorama's id becomes as a double (26774514888887982 → …984). A client that takes
    /// ids from the coverage tiles downloads the twin instead of the panorama.
    public var doubleIDTwins: Int

    /// Creates a spec; every parameter has a default suitable for fast tests.
    public init(
        area: SimBox = SimBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52),
        sequences: Int = 12,
        imagesPerSequence: ClosedRange<Int> = 8...30,
        panoFraction: Double = 0.75,
        apiPanoWidth: Int = 5760,
        apiPanoHeight: Int = 2880,
        servedPanoWidth: Int = 256,
        servedFlatWidth: Int = 256,
        servedQuality: Int = 87,
        mislabelledCount: Int = 1,
        largeIdFraction: Double = 0.3,
        missingOriginalFraction: Double = 0.1,
        creators: [String] = ["alice", "bob", "trekviewhq"],
        captureStart: Date = Date(timeIntervalSince1970: 1_577_836_800),
        captureEnd: Date = Date(timeIntervalSince1970: 1_704_067_199),
        gpanoFraction: Double = 0.5,
        doubleIDTwins: Int = 2
    ) {
        self.doubleIDTwins = doubleIDTwins
        self.area = area
        self.sequences = sequences
        self.imagesPerSequence = imagesPerSequence
        self.panoFraction = panoFraction
        self.apiPanoWidth = apiPanoWidth
        self.apiPanoHeight = apiPanoHeight
        self.servedPanoWidth = servedPanoWidth
        self.servedFlatWidth = servedFlatWidth
        self.servedQuality = servedQuality
        self.mislabelledCount = mislabelledCount
        self.largeIdFraction = largeIdFraction
        self.missingOriginalFraction = missingOriginalFraction
        self.creators = creators
        self.captureStart = captureStart
        self.captureEnd = captureEnd
        self.gpanoFraction = gpanoFraction
    }
}
