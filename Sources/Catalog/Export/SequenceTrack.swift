/// One sequence's images in capture order, for the sequence lines of the exports.
public struct SequenceTrack: Sendable, Equatable {
    /// The sequence key.
    public let sequence: String
    /// Images of the sequence in the catalogue (with or without a position).
    public var imageCount = 0
    /// The earliest capture time (epoch milliseconds), nil when no image has one.
    public var firstCapturedAt: Int64?
    /// The latest capture time (epoch milliseconds).
    public var lastCapturedAt: Int64?
    /// The creator's user name (the first image's `creator.username` that is not empty).
    public var creator: String?
    /// The positioned images, in capture order once ``ordered()`` ran.
    public private(set) var points: [Point] = []

    /// One positioned image of the track.
    public struct Point: Sendable, Equatable {
        /// The image id.
        public let id: String
        /// Its capture time (epoch milliseconds), nil when unknown.
        public let capturedAt: Int64?
        /// Its position.
        public let position: ExportPosition
    }

    /// An empty track.
    public init(sequence: String) {
        self.sequence = sequence
    }

    /// Adds one image.
    mutating func add(id: String, capturedAt: Int64?, position: ExportPosition?, creator: String) {
        imageCount += 1
        if let capturedAt {
            firstCapturedAt = min(firstCapturedAt ?? capturedAt, capturedAt)
            lastCapturedAt = max(lastCapturedAt ?? capturedAt, capturedAt)
        }
        if self.creator == nil, !creator.isEmpty { self.creator = creator }
        if let position { points.append(Point(id: id, capturedAt: capturedAt, position: position)) }
    }

    /// The track with its points sorted by capture time, then id (images without a time last).
    func ordered() -> SequenceTrack {
        var copy = self
        copy.points.sort { left, right in
            switch (left.capturedAt, right.capturedAt) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return left.id < right.id
            }
        }
        return copy
    }

    /// Whether the track makes a line (two positioned images or more).
    public var hasLine: Bool { points.count >= 2 }
}
