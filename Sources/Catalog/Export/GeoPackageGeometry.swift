/// GeoPackage binary geometry blobs (OGC 12-128r18 §2.1.3): the `GP` header, then little-endian WKB.
///
/// Header: `G`, `P`, version 0, flags (bit 0 little-endian, bits 1–3 the envelope code, bit 4 empty, bit 5
/// standard geometry), the `srs_id` as int32, then the envelope; points carry no envelope (code 0),
/// line strings an XY envelope (code 1: minx, maxx, miny, maxy).
public enum GeoPackageGeometry {
    /// A WKB Point.
    /// - Parameters:
    ///   - x: Longitude.
    ///   - y: Latitude.
    ///   - srsID: The spatial reference system (4326 for WGS 84).
    public static func point(x: Double, y: Double, srsID: Int32 = 4326) -> [UInt8] {
        var bytes = header(srsID: srsID, envelope: nil)
        bytes.append(1)
        append(UInt32(1), to: &bytes)
        append(x, to: &bytes)
        append(y, to: &bytes)
        return bytes
    }

    /// A WKB LineString through `points` (x, y), with its envelope in the header.
    /// - Parameters:
    ///   - points: The vertices, in order (two or more for a valid line).
    ///   - srsID: The spatial reference system.
    public static func lineString(_ points: [(x: Double, y: Double)], srsID: Int32 = 4326) -> [UInt8] {
        var bytes = header(srsID: srsID, envelope: envelope(points))
        bytes.append(1)
        append(UInt32(2), to: &bytes)
        append(UInt32(points.count), to: &bytes)
        for point in points {
            append(point.x, to: &bytes)
            append(point.y, to: &bytes)
        }
        return bytes
    }

    /// The envelope (minx, maxx, miny, maxy) of `points`, nil when there are none.
    public static func envelope(_ points: [(x: Double, y: Double)]) -> (minX: Double, maxX: Double, minY: Double, maxY: Double)? {
        guard let first = points.first else { return nil }
        var box = (minX: first.x, maxX: first.x, minY: first.y, maxY: first.y)
        for point in points.dropFirst() {
            box.minX = min(box.minX, point.x)
            box.maxX = max(box.maxX, point.x)
            box.minY = min(box.minY, point.y)
            box.maxY = max(box.maxY, point.y)
        }
        return box
    }

    private static func header(srsID: Int32, envelope: (minX: Double, maxX: Double, minY: Double, maxY: Double)?) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x50, 0, envelope == nil ? 0b0000_0001 : 0b0000_0011]
        append(UInt32(bitPattern: srsID), to: &bytes)
        if let envelope {
            for value in [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY] { append(value, to: &bytes) }
        }
        return bytes
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ value: Double, to bytes: inout [UInt8]) {
        append64(value.bitPattern, to: &bytes)
    }

    private static func append64(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
