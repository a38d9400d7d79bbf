/// What ``XMPReader`` learned from a file's standard and Extended XMP.
public struct XMPMetadata: Sendable, Equatable {
    /// GPano properties, merged from the standard packet and a verified Extended XMP; nil when none was found.
    public var gpano: GPano?
    /// Whether Extended XMP was present and whether it verified.
    public var extended: ExtendedXMPStatus
    /// Problems found (refused or malformed packets, Extended XMP failures), as sentences.
    public var warnings: [String]

    /// Creates XMP metadata; every field defaults to absent.
    public init(gpano: GPano? = nil, extended: ExtendedXMPStatus = .absent, warnings: [String] = []) {
        self.gpano = gpano
        self.extended = extended
        self.warnings = warnings
    }
}
