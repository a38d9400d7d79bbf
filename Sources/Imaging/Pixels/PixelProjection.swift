/// What the pixels alone say about an equirectangular full sphere (the CSV's `projection_pixels`).
public enum PixelProjection: String, Sendable, Equatable, CaseIterable, Encodable {
    /// The left and right edges meet and a pole row is near-uniform: what a real full sphere shows.
    case consistent
    /// The edges do not meet, or neither pole row is near-uniform: not a full sphere.
    case inconsistent
    /// The pixels cannot tell (not a full-sphere candidate, too small, undecodable, or ambiguous).
    case unknown
}
