/// Whether an image is an equirectangular 360° panorama (the CSV's `equirectangular` column).
///
/// See ``ProjectionClassifier`` for the rules that choose a verdict.
public enum EquirectangularVerdict: String, Sendable, CaseIterable, Codable {
    /// GPano says equirectangular, a full sphere, and the pixels agree.
    case confirmed
    /// GPano says equirectangular and the image is a crop of a larger sphere that the pixels match.
    case partial
    /// No GPano, but the pixels are 2:1.
    case likely
    /// The evidence disagrees (GPano or the API says panorama, the pixels say otherwise).
    case inconsistent
    /// Not an equirectangular panorama.
    case no
    /// No readable header: nothing to judge.
    case unknown
}
