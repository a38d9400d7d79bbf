/// Progress of a running ``DatasetCheck``, reported a few times a second.
public struct CheckProgress: Sendable {
    /// Files finished.
    public var done: Int
    /// Files to check.
    public var total: Int
    /// Bytes read so far.
    public var bytes: Int
    /// Seconds since the checks started.
    public var seconds: Double
}
