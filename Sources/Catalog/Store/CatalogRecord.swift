import Fetch
import Foundation
import GRDB

/// One image of the catalogue, everything known about it: the view every rendered file is made from.
public struct CatalogRecord: Sendable {
    /// The image id (a Mapillary id, or one derived from the file's path).
    public var id: String
    /// The API record exactly as received, when the image came from Mapillary.
    public var rawJSON: String?
    /// The download outcome; nil when no download was attempted (or the image is not a Mapillary download).
    public var downloadStatus: StoredImage.Status?
    /// Why the latest download failed.
    public var downloadError: String?
    /// The resolution downloaded.
    public var resolution: String?
    /// The signed CDN URL used (it expires).
    public var downloadURL: String?
    /// The file's path relative to the dataset folder.
    public var filename: String?
    /// The file's size in bytes.
    public var fileSize: Int64?
    /// The file's SHA-256 (lower-case hex).
    public var sha256: String?
    /// The latest check's QA values by column name (``QAColumns``), nil when never checked.
    public var qa: [String: String]?
    /// Values of an imported CSV row by column name.
    public var imported: [String: String]?
    /// The near-duplicate group (the id of its best member); nil when the image has no near-duplicate.
    public var duplicateGroup: String?
    /// The group's best member, for the other members.
    public var duplicateOf: String?
    /// A Mapillary frame less than 1 m from its predecessor in its sequence and a near-duplicate of it; nil
    /// when the catalogue cannot tell (not a download, no position, not checked).
    public var stationary: Bool?
    /// `train`, `val` or `test` after `mly360 split`.
    public var split: String?
    /// SHA-256 of the file exactly as the CDN served it, when metadata was embedded into it since.
    public var servedSHA256: String?
    /// Size of the file as served, when metadata was embedded into it since.
    public var servedBytes: Int64?
    /// What `mly360 embed` wrote into the file (``Imaging/EmbedResult/summary``), nil when nothing was embedded.
    public var embedded: String?

    /// The API record parsed, if any.
    public var image: MapillaryImage? {
        guard let rawJSON, let json = try? JSONParser.parse(Array(rawJSON.utf8)) else { return nil }
        return try? MapillaryImage(json: json, raw: rawJSON)
    }

    /// The CSV's `download_status`: `downloaded`, `present`, `failed`, or `pending` for a Mapillary image
    /// not on disk yet; empty for an image that is not a Mapillary download.
    public var downloadStatusText: String {
        if let downloadStatus { return downloadStatus.rawValue }
        return rawJSON == nil ? "" : "pending"
    }

    init(row: Row) {
        id = row["id"]
        rawJSON = row["raw_json"]
        downloadStatus = (row["download_status"] as String?).flatMap(StoredImage.Status.init(rawValue:))
        downloadError = row["download_error"]
        resolution = row["resolution"]
        downloadURL = row["download_url"]
        filename = row["filename"]
        fileSize = row["bytes"]
        sha256 = row["sha256"]
        qa = Catalog.decodeMap(row["qa_json"])
        imported = Catalog.decodeMap(row["imported_json"])
        duplicateGroup = row["duplicate_group"]
        duplicateOf = row["duplicate_of"]
        split = row["split"]
        stationary = row["stationary"]
        servedSHA256 = row["served_sha256"]
        servedBytes = row["served_bytes"]
        embedded = row["embedded"]
    }
}
