import Foundation

/// One image row of the download state (`OUT/.mly360/state.sqlite`): the metadata as discovered and
/// the outcome of its latest download attempt.
public struct StoredImage: Sendable, Equatable {
    /// What the latest run did with an image's file.
    public enum Status: String, Sendable, CaseIterable {
        /// Downloaded and verified by the latest run.
        case downloaded
        /// Already on disk and verified by an earlier run; not downloaded again.
        case present
        /// Could not be downloaded; ``StoredImage/downloadError`` says why.
        case failed
    }

    /// The image id (1–20 ASCII digits).
    public var id: String
    /// The image's JSON object exactly as received from the Graph API.
    public var rawJSON: String
    /// The sequence key, when the image has one.
    public var sequence: String?
    /// Capture time in milliseconds since 1970.
    public var capturedAt: Int64?
    /// Whether the API labels the image a panorama (`is_pano` or a spherical `camera_type`).
    public var isPanorama: Bool
    /// When the image was first stored.
    public var discoveredAt: Date
    /// The latest download outcome; `nil` when no download was attempted yet.
    public var downloadStatus: Status?
    /// Why the latest download failed (a sentence); `nil` unless ``downloadStatus`` is `.failed`.
    public var downloadError: String?
    /// The resolution actually downloaded (after fallbacks), for example `original` or `2048`.
    public var resolution: String?
    /// The signed CDN URL used for the latest download (it expires; not durable).
    public var downloadURL: String?
    /// When ``downloadURL`` was obtained from the Graph API.
    public var urlFetchedAt: Date?
    /// The file name inside the output folder, for example `123.jpg`; `nil` without a verified file.
    public var filename: String?
    /// Size of the verified file in bytes.
    public var bytes: Int64?
    /// Lower-case hex SHA-256 of the verified file, computed while it streamed in.
    public var sha256: String?
    /// When the file was last verified (hashed and checked) on disk.
    public var verifiedAt: Date?

    /// Creates a row from a freshly discovered image: no download outcome yet.
    /// - Parameters:
    ///   - image: The image as the API returned it.
    ///   - discoveredAt: When it was stored.
    public init(image: MapillaryImage, discoveredAt: Date) {
        self.id = image.id
        self.rawJSON = image.rawJSON
        self.sequence = image.sequence
        self.capturedAt = image.capturedAt
        self.isPanorama = image.isPanorama
        self.discoveredAt = discoveredAt
    }

    /// Creates a row from its stored columns.
    /// - Parameters:
    ///   - id: The image id.
    ///   - rawJSON: The JSON object as received.
    ///   - sequence: The sequence key.
    ///   - capturedAt: Capture time in ms.
    ///   - isPanorama: The API's panorama label.
    ///   - discoveredAt: When the row was first stored.
    public init(id: String, rawJSON: String, sequence: String?, capturedAt: Int64?, isPanorama: Bool,
                discoveredAt: Date) {
        self.id = id
        self.rawJSON = rawJSON
        self.sequence = sequence
        self.capturedAt = capturedAt
        self.isPanorama = isPanorama
        self.discoveredAt = discoveredAt
    }

    /// The stored JSON parsed back into an image; `nil` if the stored text no longer parses (it always
    /// should, as only parsed records are stored).
    public var image: MapillaryImage? {
        guard let json = try? JSONParser.parse(Array(rawJSON.utf8)) else { return nil }
        return try? MapillaryImage(json: json, raw: rawJSON)
    }

    /// Whether the row records a verified file (downloaded or present) with its size and hash.
    public var isVerified: Bool {
        (downloadStatus == .downloaded || downloadStatus == .present) && verifiedAt != nil
            && filename != nil && bytes != nil && sha256 != nil
    }
}
