import ArgumentParser

/// The exit codes scripts can rely on (documented in the README and `mly360 --help`).
enum ToolExit {
    /// The run completed.
    static let completed: Int32 = 0
    /// `--strict` and something is not fine.
    static let strictFailure: Int32 = 1
    /// Bad arguments.
    static let usage: Int32 = 2
    /// A local file or folder could not be read or written.
    static let localIO: Int32 = 3
    /// Mapillary rejected the access token.
    static let tokenRejected: Int32 = 4
    /// The Mapillary API could not be reached at all (connection refused, DNS or TLS failure) and no
    /// request of the run had succeeded.
    static let unreachable: Int32 = 5
    /// `mly360 merge` refused: an image is in two shard folders (or in the output with other content).
    static let mergeConflict: Int32 = 6
    /// Stopped by SIGINT after a clean stop.
    static let interrupted: Int32 = 130
}
