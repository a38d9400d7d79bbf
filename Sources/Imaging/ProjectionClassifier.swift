/// Decides whether an image is an equirectangular panorama from its pixels, GPano and the API's opinion.
public enum ProjectionClassifier {
    /// Classifies one image.
    public static func classify(pixelWidth: Int?, pixelHeight: Int?, gpano: GPano?, apiSaysPanorama: Bool?) -> ProjectionAssessment {
        ProjectionAssessment(verdict: .unknown, reason: "not implemented")
    }
}
