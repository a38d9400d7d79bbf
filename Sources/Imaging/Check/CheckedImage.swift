/// What ``ImageChecker/check(_:makeThumbnail:apiSaysPanorama:)`` learns from one image's bytes: the report
/// and, when asked for, the thumbnail as encoded JPEG bytes (never written anywhere by the checker).
public struct CheckedImage: Sendable {
    /// The report; its ``ImageReport/path`` is empty when the bytes came from no file.
    public var report: ImageReport
    /// The thumbnail as encoded JPEG bytes; nil when none was asked for or the image could not be decoded
    /// (or encoded, which the report's warnings then say).
    public var thumbnail: [UInt8]?

    /// Creates a checked image.
    /// - Parameters:
    ///   - report: the report.
    ///   - thumbnail: the encoded thumbnail, or nil.
    public init(report: ImageReport, thumbnail: [UInt8]? = nil) {
        self.report = report
        self.thumbnail = thumbnail
    }
}
