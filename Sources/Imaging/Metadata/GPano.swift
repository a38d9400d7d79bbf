/// Google Photo Sphere (GPano) properties read from a file's XMP, matched by namespace URI
/// `http://ns.google.com/photos/1.0/panorama/`.
public struct GPano: Sendable, Equatable {
    /// `ProjectionType`, trimmed (e.g. `equirectangular`); nil when absent.
    public var projectionType: String?
    /// `FullPanoWidthPixels`.
    public var fullWidth: Int?
    /// `FullPanoHeightPixels`.
    public var fullHeight: Int?
    /// `CroppedAreaImageWidthPixels`.
    public var croppedWidth: Int?
    /// `CroppedAreaImageHeightPixels`.
    public var croppedHeight: Int?
    /// `CroppedAreaLeftPixels`.
    public var croppedLeft: Int?
    /// `CroppedAreaTopPixels`.
    public var croppedTop: Int?
    /// `PoseHeadingDegrees`.
    public var poseHeading: Double?
    /// Every GPano property found, local name → trimmed text, for `inspect`.
    public var properties: [String: String]

    /// Creates GPano metadata; every field defaults to absent.
    public init(
        projectionType: String? = nil, fullWidth: Int? = nil, fullHeight: Int? = nil,
        croppedWidth: Int? = nil, croppedHeight: Int? = nil, croppedLeft: Int? = nil, croppedTop: Int? = nil,
        poseHeading: Double? = nil, properties: [String: String] = [:]
    ) {
        self.projectionType = projectionType
        self.fullWidth = fullWidth
        self.fullHeight = fullHeight
        self.croppedWidth = croppedWidth
        self.croppedHeight = croppedHeight
        self.croppedLeft = croppedLeft
        self.croppedTop = croppedTop
        self.poseHeading = poseHeading
        self.properties = properties
    }
}
