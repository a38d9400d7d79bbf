import Foundation

/// The one rule for "the API says this image is a 360° panorama", shared by API records and by CSV
/// columns that carry the same fields (a catalogue imported from another tool).
public enum PanoramaLabel {
    /// Whether `is_pano` / `camera_type` say panorama.
    ///
    /// `is_pano` true (`true` or `1`, any case) or a `camera_type` of `spherical` or `equirectangular`
    /// (synonyms) → true; either field present with another value → false; both absent or empty → nil.
    /// - Parameters:
    ///   - isPano: The `is_pano` value as text, if any.
    ///   - cameraType: The `camera_type` value, if any.
    public static func says(isPano: String?, cameraType: String?) -> Bool? {
        let pano = isPano?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let camera = cameraType?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if pano == "true" || pano == "1" || camera == "spherical" || camera == "equirectangular" { return true }
        if !pano.isEmpty || !camera.isEmpty { return false }
        return nil
    }
}
