/// What ``ReportPage/write(_:root:to:title:)`` wrote.
public struct ReportOutcome: Sendable, Equatable {
    /// The HTML file.
    public var path: String
    /// Images on the page.
    public var images: Int
    /// Of those, images with a position (marks on the map).
    public var located: Int
    /// Size of the page in bytes.
    public var bytes: Int
}
