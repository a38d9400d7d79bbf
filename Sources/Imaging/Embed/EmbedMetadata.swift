/// What ``MetadataEmbedder`` writes into a JPEG: the catalogue's values for one image, already chosen (the
/// position the CSV uses, the computed heading when there is one, an altitude already unwrapped).
public struct EmbedMetadata: Sendable, Equatable {
    /// Latitude in decimal degrees (−90…90); with ``longitude``, or neither is written.
    public var latitude: Double?
    /// Longitude in decimal degrees (−180…180).
    public var longitude: Double?
    /// Altitude in metres above sea level (negative below).
    public var altitude: Double?
    /// Compass heading of the image's centre in degrees from true north (0…360).
    public var heading: Double?
    /// Capture time in milliseconds since 1970 (UTC).
    public var capturedAt: Int64?
    /// Camera make and model as the API gives them.
    public var make: String?
    /// Camera model.
    public var model: String?
    /// The Mapillary image id (EXIF ImageUniqueID, `mapillary:ImageId`).
    public var imageID: String?
    /// The sequence key (`mapillary:Sequence`).
    public var sequence: String?
    /// The creator's username (`mapillary:Creator`).
    public var creator: String?
    /// What the pixels say of the projection (`projection_pixels`: `consistent`, `inconsistent`, `unknown`);
    /// nil when not measured. GPano is written only for a 2:1 image that is not `inconsistent`, and, when
    /// measured, only for `consistent`.
    public var projectionPixels: String?

    /// Creates metadata; every field is optional.
    public init(latitude: Double? = nil, longitude: Double? = nil, altitude: Double? = nil, heading: Double? = nil,
                capturedAt: Int64? = nil, make: String? = nil, model: String? = nil, imageID: String? = nil,
                sequence: String? = nil, creator: String? = nil, projectionPixels: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.heading = heading
        self.capturedAt = capturedAt
        self.make = make
        self.model = model
        self.imageID = imageID
        self.sequence = sequence
        self.creator = creator
        self.projectionPixels = projectionPixels
    }
}
