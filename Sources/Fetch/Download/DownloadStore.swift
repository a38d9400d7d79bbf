import Foundation

/// Where a ``DownloadRun`` keeps what it learns: the discovery ledger, every discovered image's metadata
/// exactly as received, and each image's download outcome.
///
/// Fetch only defines what it needs; the dataset catalogue (the `Catalog` module) implements it in the
/// folder's SQLite database, so the record of a dataset has one owner. Every method is durable when it
/// returns (one committed transaction), and the store scrubs the access token from everything it keeps.
public protocol DownloadStore: DiscoveryLedger {
    /// Stores discovered images in one transaction. A new id gets a fresh row; a known id keeps its download
    /// outcome and has its metadata replaced.
    /// - Parameters:
    ///   - images: The images as the API returned them.
    ///   - date: The discovery time recorded for new rows.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure (nothing is stored then).
    func storeImages(_ images: [MapillaryImage], discoveredAt date: Date) throws(FetchError)

    /// The stored row of `id` (only images with an API record), or `nil`.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func image(_ id: String) throws(FetchError) -> StoredImage?

    /// Calls `body` with every image that has an API record, in the CSV's order, with bounded memory.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure, or what `body` throws.
    func forEachImage(pageSize: Int, _ body: (StoredImage) throws(FetchError) -> Void) throws(FetchError)

    /// Marks images whose verified file is still on disk as `present`, in one transaction.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func markPresent(_ ids: [String]) throws(FetchError)

    /// Forgets the file records of `ids` (their files are gone, changed or to be replaced): they become
    /// pending, in one transaction.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func clearDownloads(_ ids: [String]) throws(FetchError)

    /// Records a verified file for `id` (`filename` is relative to the output folder).
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func recordVerified(id: String, status: StoredImage.Status, resolution: String?, url: String?,
                        urlFetchedAt: Date?, filename: String, bytes: Int64, sha256: String,
                        verifiedAt: Date) throws(FetchError)

    /// Records a failed download for `id` and forgets any earlier file record.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func recordFailure(id: String, reason: String, resolution: String?, url: String?,
                       urlFetchedAt: Date?) throws(FetchError)

    /// Forgets which cells, sequences, loose images and creator pages were finished, keeping every image,
    /// so that the next discovery asks the API again and finds images uploaded since (`--refresh`).
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func forgetDiscoveryProgress() throws(FetchError)

    /// When discovery of the source named `key` (``DiscoverySource/key``) last finished, or `nil`.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func discoveryFinished(sourceKey key: String) throws(FetchError) -> Date?

    /// Records that discovery of the source named `key` finished at `date`.
    /// - Throws: ``FetchError/io(path:message:)`` on a storage failure.
    func recordDiscoveryFinished(sourceKey key: String, at date: Date) throws(FetchError)
}
