/// The type of every catalogue column, inferred once from all values and shared by the GeoJSON properties,
/// the GeoPackage columns and the `.csvt` sidecar of the CSV.
///
/// Rule, per column, ignoring empty values: all `true`/`false` → ``ColumnType/boolean``; all JSON integers
/// within ±2^53 → ``ColumnType/integer``; all JSON numbers → ``ColumnType/real``; all ISO 8601 UTC times
/// (`2021-08-28T10:20:36.000Z`) → ``ColumnType/dateTime``; otherwise (or no value at all)
/// ``ColumnType/string``. Id-like columns (``alwaysText`` and names ending in `_id`, `.id` or `_key`) are
/// always strings: Mapillary ids exceed 2^53 and a double would change them. Text that is not a JSON number
/// (`007`, `1,5`, `NaN`) keeps its column a string, so no export ever rewrites a value.
public struct ColumnTypes: Sendable, Equatable {
    /// The columns, in the catalogue's order.
    public let columns: [String]
    /// The type of each column, aligned with ``columns``.
    public let types: [ColumnType]

    /// Columns that are always text, whatever their values look like.
    public static let alwaysText: Set<String> = [
        "id", "sequence", "sha256", "phash", "yaw_hash", "duplicate_group", "duplicate_of", "merge_cc", "filename",
        "thumbnail", "download_url", "raw_json",
    ]

    /// Whether `column` is id-like (always text).
    public static func isIDLike(_ column: String) -> Bool {
        alwaysText.contains(column) || column.hasSuffix("_id") || column.hasSuffix(".id") || column.hasSuffix("_key")
    }

    /// Types given explicitly.
    /// - Parameters:
    ///   - columns: The columns.
    ///   - types: One type per column.
    public init(columns: [String], types: [ColumnType]) {
        precondition(columns.count == types.count, "one type per column")
        self.columns = columns
        self.types = types
    }

    /// Infers the types from rows of values (each aligned with `columns`).
    /// - Parameters:
    ///   - columns: The columns.
    ///   - rows: The rows.
    public init(columns: [String], rows: [[String]]) {
        var inference = Inference(columns: columns)
        for row in rows { inference.add(row) }
        self = inference.result()
    }

    /// Infers the types of `table`'s columns from every row of `catalog` (one pass).
    /// - Throws: ``CatalogError`` when the catalogue cannot be read.
    public init(_ table: CatalogTable, catalog: Catalog, root: String) throws(CatalogError) {
        var inference = Inference(columns: table.columns)
        try table.forEachRow(catalog, root: root, relativeTo: root) { _, values in inference.add(values) }
        self = inference.result()
    }

    /// The type of `column`, nil when it is not a column.
    public func type(of column: String) -> ColumnType? {
        columns.firstIndex(of: column).map { types[$0] }
    }

    /// The `.csvt` sidecar GDAL reads: one line, every type quoted, comma-separated.
    public var csvt: String {
        types.map { "\"\($0.csvtName)\"" }.joined(separator: ",") + "\r\n"
    }

    /// Accumulates which types every column's values still fit.
    struct Inference {
        let columns: [String]
        private var candidates: [[ColumnType]]
        private var seen: [Bool]

        init(columns: [String]) {
            self.columns = columns
            candidates = columns.map { ColumnTypes.isIDLike($0) ? [] : [.boolean, .integer, .real, .dateTime] }
            seen = Array(repeating: false, count: columns.count)
        }

        mutating func add(_ row: [String]) {
            for (index, value) in row.enumerated() where index < columns.count && !value.isEmpty {
                seen[index] = true
                if !candidates[index].isEmpty { candidates[index].removeAll { !$0.accepts(value) } }
            }
        }

        func result() -> ColumnTypes {
            ColumnTypes(columns: columns, types: columns.indices.map { seen[$0] ? candidates[$0].first ?? .string : .string })
        }
    }
}
