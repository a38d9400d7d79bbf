/// Durable discovery progress, so an interrupted discovery resumes without repeating work.
///
/// ``Discovery`` drives the ledger; the download command's SQLite state store implements it. Every
/// method must be durable when it returns (committed), and ``recordCell(_:sequences:looseImageIDs:)``
/// must be atomic. Keys are opaque strings: implementations store and compare them, never parse them.
///
/// The life of the work items:
/// - **Cells.** A cell key names one bbox request (its box, the pano/date filter). Discovery calls
///   ``recordCell(_:sequences:looseImageIDs:)`` once the cell's sample is complete (for a split cell,
///   after its four children). Pseudo-cells record the user's own input: the `sequences` and `images`
///   sources record their list under one key, so their ids also resume through this ledger.
/// - **Sequences.** ``recordCell(_:sequences:looseImageIDs:)`` adds each key to the pending set unless
///   the ledger already knows it (pending or expanded); an expanded key is never made pending again.
///   After every image of the sequence was delivered to `onImages` (and stored by the caller) or
///   skipped, discovery calls ``recordSequenceExpanded(_:)``.
/// - **Loose images** (sampled images without a sequence, or the `images` source's ids) follow the same
///   rule: added to the pending set unless already known, resolved with ``recordLooseImagesResolved(_:)``.
/// - **Creators.** ``recordCreatorCursor(_:next:)`` stores the `paging.next` URL after a page's images
///   were delivered; `nil` means every page was delivered.
/// - **Known images.** ``knownImageIDs()`` returns ids the caller already stored (from any earlier
///   batch), so discovery skips their metadata and never delivers them twice across runs.
public protocol DiscoveryLedger: Sendable {
    /// Keys of every cell recorded by ``recordCell(_:sequences:looseImageIDs:)``.
    func completedCells() async throws -> Set<String>

    /// Atomically marks the cell `key` complete and adds `sequences` and `looseImageIDs` to the pending
    /// sets (keys already known — pending or done — are left as they are). Recording a cell twice is
    /// harmless.
    /// - Parameters:
    ///   - key: The cell key.
    ///   - sequences: Sequence keys seen in the cell's sample (may be empty).
    ///   - looseImageIDs: Ids of sampled images that have no sequence (may be empty).
    func recordCell(_ key: String, sequences: [String], looseImageIDs: [String]) async throws

    /// Sequence keys recorded but not yet marked expanded, in the order first recorded.
    func pendingSequences() async throws -> [String]

    /// Marks the sequence `key` expanded: all its images were delivered (and stored) or skipped.
    func recordSequenceExpanded(_ key: String) async throws

    /// Loose image ids recorded but not yet resolved, in the order first recorded.
    func pendingLooseImageIDs() async throws -> [String]

    /// Marks loose image ids resolved: each was delivered (and stored), skipped, or not found.
    func recordLooseImagesResolved(_ ids: [String]) async throws

    /// The resume cursor (a `paging.next` URL) of the creator `username`: `nil` when the creator was
    /// never started or is finished — see ``creatorFinished(_:)`` to tell the two apart.
    func creatorCursor(_ username: String) async throws -> String?

    /// Whether every page of the creator `username` was delivered.
    func creatorFinished(_ username: String) async throws -> Bool

    /// Stores the creator's cursor after a page was delivered; `next == nil` marks the creator finished.
    func recordCreatorCursor(_ username: String, next: String?) async throws

    /// Ids of images already delivered to `onImages` and stored by the caller (in this or any earlier run).
    func knownImageIDs() async throws -> Set<String>
}
