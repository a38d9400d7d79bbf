import Foundation

/// The local (and, where the API allows, server-side) filters applied to every source.
public struct DiscoveryFilter: Sendable {
    /// Keep non-360° images too (`--include-flat`); by default only panoramas are kept.
    public var includeFlat: Bool
    /// Keep images captured at or after this instant (`--since`, inclusive).
    public var since: Date?
    /// Keep images captured at or before this instant (`--until`, inclusive; the command passes the
    /// end of the day for a bare date).
    public var until: Date?
    /// Keep only the images this shard owns (`--shard K/N`); `nil` keeps every image.
    public var shard: Shard?

    /// Creates a filter.
    /// - Parameters:
    ///   - includeFlat: Keep non-360° images too.
    ///   - since: Inclusive lower bound of the capture time.
    ///   - until: Inclusive upper bound of the capture time.
    ///   - shard: The shard whose images to keep (`nil`: all).
    public init(includeFlat: Bool = false, since: Date? = nil, until: Date? = nil, shard: Shard? = nil) {
        self.includeFlat = includeFlat
        self.since = since
        self.until = until
        self.shard = shard
    }

    /// The reason `image` is skipped by the shard, panorama and date rules, or `nil` to keep it.
    /// - Parameter image: A candidate image.
    public func rejection(of image: MapillaryImage) -> String? {
        if let shard, !shard.owns(image) { return DiscoveryStats.Reason.otherShard }
        if !includeFlat && !image.isPanorama { return DiscoveryStats.Reason.flat }
        if since != nil || until != nil {
            guard let captured = image.capturedAt else { return DiscoveryStats.Reason.noCaptureDate }
            if let since, captured < DiscoveryFilter.milliseconds(since) { return DiscoveryStats.Reason.beforeSince }
            if let until, captured > DiscoveryFilter.milliseconds(until) { return DiscoveryStats.Reason.afterUntil }
        }
        return nil
    }

    /// `date` in whole milliseconds since 1970 (rounded to the nearest, so a date made from a
    /// millisecond value maps back to exactly that value).
    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, abs(value) < 9e15 else { return value < 0 ? Int64.min : Int64.max }
        return Int64(value)
    }
}
