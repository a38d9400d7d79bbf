/// Which enumerations an area discovery runs (`--discovery tiles|search|both`).
public enum DiscoveryMode: String, Sendable, CaseIterable {
    /// Coverage tiles only (falls back to search cells when the tile server blocks).
    case tiles
    /// Bbox search cells only, split while splits reveal new sequences.
    case search
    /// Both, expanding the union of their sequences (the default).
    case both

    /// Whether coverage tiles are read.
    public var usesTiles: Bool { self != .search }
    /// Whether search cells are sampled (even without a tile block).
    public var usesSearch: Bool { self != .tiles }
}
