/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
    /// The format.
    public var format: ExportFormat
    /// The file written.
    public var path: String
    /// The `.csvt` sidecar, for ``ExportFormat/csv``.
    public var sidecarPath: String?
    /// Image features (rows) written: one per catalogue record.
    public var features = 0
    /// Of those, the ones with a position (the others have a null geometry).
    public var positioned = 0
    /// Sequence lines written (0 when none were asked for).
    public var sequences = 0
    /// Of those, the ones with a line (at least two positioned images; the others have a null geometry).
    public var sequenceLines = 0
    /// The file's size in bytes.
    public var bytes: Int64 = 0
    /// The columns' types.
    public var columnTypes: ColumnTypes

    /// A summary (all counts given; the exporters fill theirs as they write).
    public init(format: ExportFormat, path: String, sidecarPath: String? = nil, features: Int = 0, positioned: Int = 0,
                sequences: Int = 0, sequenceLines: Int = 0, bytes: Int64 = 0, columnTypes: ColumnTypes) {
        self.format = format
        self.path = path
        self.sidecarPath = sidecarPath
        self.features = features
        self.positioned = positioned
        self.sequences = sequences
        self.sequenceLines = sequenceLines
        self.bytes = bytes
        self.columnTypes = columnTypes
    }

    /// Features without a position.
    public var unpositioned: Int { features - positioned }
}
