/// The rows every export is made of: the catalogue's table (``CatalogTable``, exactly the CSV's columns and
/// values), the columns' inferred types, each row's position, and the sequences' tracks.
struct ExportSource {
    let catalog: Catalog
    /// The dataset folder (record file names are relative to it).
    let root: String
    let table: CatalogTable
    let types: ColumnTypes
    private let latitudeIndex: Int?
    private let longitudeIndex: Int?
    private let sequenceIndex: Int?
    private let creatorIndex: Int?

    /// Reads the columns and infers their types (two passes over the catalogue).
    init(catalog: Catalog, root: String) throws(CatalogError) {
        self.catalog = catalog
        self.root = PathMath.absolute(root)
        table = try CatalogTable(catalog)
        types = try ColumnTypes(table, catalog: catalog, root: self.root)
        latitudeIndex = table.columns.firstIndex(of: "latitude")
        longitudeIndex = table.columns.firstIndex(of: "longitude")
        sequenceIndex = table.columns.firstIndex(of: "sequence")
        creatorIndex = table.columns.firstIndex(of: "creator.username")
    }

    /// Calls `body` with every record, its values (paths relative to `folder`) and its position, in the
    /// catalogue's order; fills `tracks` with every sequence's images when given.
    func forEachRow(
        relativeTo folder: String, tracks: inout [String: SequenceTrack]?,
        _ body: (CatalogRecord, [String], ExportPosition?) throws(CatalogError) -> Void
    ) throws(CatalogError) {
        var collected = tracks
        try table.forEachRow(catalog, root: root, relativeTo: folder) { record, values throws(CatalogError) in
            let position = position(values)
            if collected != nil, let sequenceIndex, !values[sequenceIndex].isEmpty {
                let key = values[sequenceIndex]
                collected![key, default: SequenceTrack(sequence: key)].add(
                    id: record.id, capturedAt: record.image?.capturedAt, position: position,
                    creator: creatorIndex.map { values[$0] } ?? "")
            }
            try body(record, values, position)
        }
        tracks = collected
    }

    /// The tracks sorted by sequence key, each in capture order.
    static func ordered(_ tracks: [String: SequenceTrack]) -> [SequenceTrack] {
        tracks.values.sorted { $0.sequence < $1.sequence }.map { $0.ordered() }
    }

    /// The row's position, nil when it has none (or an unusable one).
    func position(_ values: [String]) -> ExportPosition? {
        guard let latitudeIndex, let longitudeIndex else { return nil }
        return ExportPosition(longitude: values[longitudeIndex], latitude: values[latitudeIndex])
    }

    /// The absolute path of a record's image file, nil when it has none.
    func imagePath(_ record: CatalogRecord) -> String? {
        guard let filename = record.filename, !filename.isEmpty else { return nil }
        return PathMath.resolve(filename, in: root)
    }
}
