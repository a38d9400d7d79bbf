/// The projection verdict for one image and the evidence behind it.
public struct ProjectionAssessment: Sendable, Equatable {
    /// The verdict (the CSV's `equirectangular` column).
    public var verdict: EquirectangularVerdict
    /// Which evidence decided the verdict, in words (the CSV's `equirectangular_reason` column).
    public var reason: String
    /// Observations that do not change the verdict, e.g. a resized panorama.
    public var warnings: [String]

    /// Creates an assessment.
    public init(verdict: EquirectangularVerdict, reason: String, warnings: [String] = []) {
        self.verdict = verdict
        self.reason = reason
        self.warnings = warnings
    }
}
