/// The pinned lists of v4 image fields `mly360` requests (reference §5): only real field names, since
/// an unknown field can fail the whole request.
public enum ImageFields {
    /// The small set asked for in bbox discovery samples: enough to collect sequence keys and to
    /// filter locally (360 flag, position, capture date).
    public static let discovery: [String] = [
        "id", "sequence", "is_pano", "camera_type", "captured_at", "geometry", "computed_geometry",
    ]

    /// Every documented field useful for the metadata CSV, including all thumbnail URLs.
    public static let full: [String] = [
        "id", "altitude", "atomic_scale", "camera_parameters", "camera_type", "captured_at",
        "compass_angle", "computed_altitude", "computed_compass_angle", "computed_geometry",
        "computed_rotation", "creator", "exif_orientation", "geometry", "height", "is_pano", "make",
        "merge_cc", "model", "sequence", "width",
        "thumb_256_url", "thumb_1024_url", "thumb_2048_url", "thumb_original_url",
    ]

    /// The fields needed to refresh a download URL: the id, the thumbnail URLs and the dimensions.
    public static let thumbnails: [String] = [
        "id", "width", "height", "thumb_256_url", "thumb_1024_url", "thumb_2048_url", "thumb_original_url",
    ]

    /// The value of the `fields` query parameter for `fields` (comma-joined, in order).
    /// - Parameter fields: Field names.
    /// - Returns: For example `"id,sequence,is_pano"`.
    public static func parameter(_ fields: [String]) -> String {
        fields.joined(separator: ",")
    }
}
