import Fetch
import Foundation

/// The data a review page embeds: one compact row per image, read from the catalogue's table (the same
/// values as the CSV), as JSON that is safe inside a `<script type="application/json">` element.
///
/// Only what the page shows is kept (never `raw_json`), as a list of field names and one array per image,
/// so that 48 000 images stay within a few megabytes.
struct ReportData {
    /// The page's field names and the table columns they are read from.
    static let fields: [(name: String, column: String, kind: Kind)] = [
        ("id", "id", .text), ("file", "filename", .text), ("thumb", "thumbnail", .text),
        ("lat", "latitude", .number), ("lon", "longitude", .number), ("seq", "sequence", .text),
        ("time", "captured_at", .text), ("creator", "creator.username", .text), ("status", "jpeg_status", .text),
        ("message", "jpeg_message", .text), ("verdict", "equirectangular", .text),
        ("reason", "equirectangular_reason", .text), ("download", "download_status", .text),
        ("download_error", "download_error", .text), ("w", "pixel_width", .number), ("h", "pixel_height", .number),
        ("bytes", "file_size", .number), ("blurry", "blurry", .text), ("exposure", "exposure", .text),
        ("projection", "projection_pixels", .text), ("duplicate_group", "duplicate_group", .text),
        ("duplicate_of", "duplicate_of", .text), ("stationary", "stationary", .text), ("warnings", "warnings", .text),
        ("split", "split", .text),
    ]

    /// How a field is written in JSON.
    enum Kind { case text, number }

    /// The JSON text (UTF-8 bytes) and what it holds.
    private(set) var json: [UInt8] = []
    private(set) var images = 0
    private(set) var located = 0

    /// Reads every record of `catalog` through `table`, paths relative to `folder` (the page's folder).
    init(catalog: Catalog, table: CatalogTable, root: String, relativeTo folder: String, title: String,
         areas: [BoundingBox], generated: String) throws(CatalogError) {
        let positions = Self.fields.map { table.columns.firstIndex(of: $0.column) }
        let latIndex = Self.fields.firstIndex { $0.name == "lat" }!
        let lonIndex = Self.fields.firstIndex { $0.name == "lon" }!
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        out += Array(#"{"title":"#.utf8)
        Self.appendString(title, to: &out)
        out += Array(#","generated":"#.utf8)
        Self.appendString(generated, to: &out)
        out += Array(#","areas":["#.utf8)
        for (index, area) in areas.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("[\(area.minLon),\(area.minLat),\(area.maxLon),\(area.maxLat)]".utf8)
        }
        out += Array(#"],"fields":["#.utf8)
        for (index, field) in Self.fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendString(field.name, to: &out)
        }
        out += Array(#"],"rows":["#.utf8)
        var count = 0
        var withPosition = 0
        try table.forEachRow(catalog, root: root, relativeTo: folder) { _, values throws(CatalogError) in
            out += Array((count == 0 ? "\n[" : ",\n[").utf8)
            var cells: [String?] = positions.map { index in index.flatMap { $0 < values.count ? values[$0] : nil } }
            // A position is kept only whole and valid, exactly as the CSV has it.
            if let lat = cells[latIndex].flatMap(Double.init), let lon = cells[lonIndex].flatMap(Double.init),
               (-90...90).contains(lat), (-180...180).contains(lon) {
                withPosition += 1
            } else {
                cells[latIndex] = nil
                cells[lonIndex] = nil
            }
            for (index, field) in Self.fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard let value = cells[index], !value.isEmpty else {
                    out += Array("null".utf8)
                    continue
                }
                if field.kind == .number, Self.isJSONNumber(value) {
                    out += Array(value.utf8)
                } else {
                    Self.appendString(value, to: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
            count += 1
        }
        out += Array("\n]}".utf8)
        json = out
        images = count
        located = withPosition
    }

    /// Whether `text` is a JSON number as written (so it can be embedded without conversion or rounding).
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard let first = bytes.first, (48...57).contains(first) else { return false }
        if first == 48 { bytes = bytes.dropFirst() } else { _ = digits() }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Appends `text` as a JSON string. Besides JSON's own escapes, `<`, `>` and `&` become `\u003c` … so the text
    /// can never close the `<script>` element it sits in, and U+2028/U+2029 are escaped for old parsers.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        func escape(_ code: UInt32) {
            out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((code >> UInt32(shift)) & 0xF)]) }
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): escape(UInt32(byte))
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                escape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)  // LINE / PARAGRAPH SEPARATOR
                i += 2
            default:
                if byte < 0x20 { escape(UInt32(byte)) } else { out.append(byte) }
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }
}
