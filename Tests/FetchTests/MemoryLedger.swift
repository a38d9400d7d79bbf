import Fetch

/// An in-memory ``DiscoveryLedger`` for tests, which also plays the caller's store: `store(_:)` is
/// what a test's `onImages` calls, so `knownImageIDs()` reflects what was delivered.
actor MemoryLedger: DiscoveryLedger {
    private(set) var cells: [String] = []
    private var sequenceOrder: [String] = []
    private var sequenceDone: Set<String> = []
    private var looseOrder: [String] = []
    private var looseDone: Set<String> = []
    private var cursors: [String: String] = [:]
    private var finished: Set<String> = []
    private(set) var stored: [String: MapillaryImage] = [:]
    private(set) var deliveries = 0
    private(set) var duplicateDeliveries = 0

    func store(_ images: [MapillaryImage]) {
        deliveries += 1
        for image in images {
            if stored.updateValue(image, forKey: image.id) != nil { duplicateDeliveries += 1 }
        }
    }

    func completedCells() async throws -> Set<String> { Set(cells) }

    func recordCell(_ key: String, sequences: [String], looseImageIDs: [String]) async throws {
        if !cells.contains(key) { cells.append(key) }
        for key in sequences where !sequenceOrder.contains(key) { sequenceOrder.append(key) }
        for id in looseImageIDs where !looseOrder.contains(id) { looseOrder.append(id) }
    }

    func pendingSequences() async throws -> [String] { sequenceOrder.filter { !sequenceDone.contains($0) } }

    func recordSequenceExpanded(_ key: String) async throws {
        if !sequenceOrder.contains(key) { sequenceOrder.append(key) }
        sequenceDone.insert(key)
    }

    func pendingLooseImageIDs() async throws -> [String] { looseOrder.filter { !looseDone.contains($0) } }

    func recordLooseImagesResolved(_ ids: [String]) async throws { looseDone.formUnion(ids) }

    func creatorCursor(_ username: String) async throws -> String? {
        finished.contains(username) ? nil : cursors[username]
    }

    func creatorFinished(_ username: String) async throws -> Bool { finished.contains(username) }

    func recordCreatorCursor(_ username: String, next: String?) async throws {
        if let next { cursors[username] = next } else { finished.insert(username) }
    }

    func knownImageIDs() async throws -> Set<String> { Set(stored.keys) }

    var expandedSequences: Set<String> { sequenceDone }
}
