/// The ways a hostile record of the simulated world misbehaves (see ``FaultPlan/hostile``).
public enum HostileKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Batch answers that include this image also carry an extra object whose id is `../../etc/passwd`.
    case pathTraversalID
    /// `width` and `height` are 999999999.
    case absurdSize
    /// `captured_at` is an ISO string instead of a number.
    case capturedAtString
    /// No `geometry` and no `computed_geometry`; never returned by bbox searches.
    case missingGeometry
    /// The entity lookup `GET /{id}` answers 200 with an HTML body; batches omit it.
    case nonJSONEntity

    /// The id injected into batch answers by ``pathTraversalID``.
    public static let traversalID = "../../etc/passwd"
}
