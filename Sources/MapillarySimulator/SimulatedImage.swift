/// One image of the simulated world: the ground truth behind what the Graph API answers and the CDN serves.
public struct SimulatedImage: Sendable, Equatable, Codable {
    /// Image id, 15–17 digits (possibly above 2^53); for one hostile record a path-like string.
    public var id: String
    /// Sequence key, 22 characters `[A-Za-z0-9_-]`.
    public var sequence: String
    /// Longitude of `computed_geometry`.
    public var lon: Double
    /// Latitude of `computed_geometry`.
    public var lat: Double
    /// Longitude of the original `geometry`, a few metres from ``lon``.
    public var geometryLon: Double
    /// Latitude of the original `geometry`, a few metres from ``lat``.
    public var geometryLat: Double
    /// `captured_at`, Unix epoch milliseconds.
    public var capturedAt: Int64
    /// `is_pano`.
    public var isPano: Bool
    /// `camera_type`: `spherical`/`equirectangular` for panoramas, `perspective`/`fisheye` for flat images.
    public var cameraType: String
    /// `make` (may be the literal `none` for flat images).
    public var make: String
    /// `model` (may be the literal `none` for flat images).
    public var model: String
    /// `compass_angle` in degrees.
    public var compassAngle: Double
    /// `creator.username`.
    public var creator: String
    /// `creator.id`.
    public var creatorID: String
    /// `width` reported by the API.
    public var width: Int
    /// `height` reported by the API.
    public var height: Int
    /// Pixel width of the JPEG served for `thumb_original_url`.
    public var servedWidth: Int
    /// Pixel height of the JPEG served for `thumb_original_url`.
    public var servedHeight: Int
    /// Whether the API gives a `thumb_original_url` (else clients fall back to `thumb_2048_url`).
    public var hasOriginalURL: Bool
    /// Whether the served JPEG carries GPano XMP.
    public var hasGPano: Bool
    /// Whether the label disagrees with the pixels (`is_pano` but 4:3, or `perspective` but 2:1).
    public var mislabelled: Bool
    /// Whether this is a hostile record (present only with ``FaultPlan/hostile``).
    public var hostile: Bool
    /// What is hostile about it, when ``hostile``.
    public var hostileKind: HostileKind?
    /// Position in the sequence's capture order, from 0.
    public var sequenceIndex: Int

    /// Whether a correct client downloads it by default: labelled 360 (`is_pano` or a spherical camera type)
    /// and not hostile.
    public var isPanoramaByLabel: Bool {
        isPano || cameraType == "spherical" || cameraType == "equirectangular"
    }
}
