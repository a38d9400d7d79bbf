import Fetch
import Foundation
import GRDB

/// Near-duplicate groups over the whole catalogue.
extension Catalog {
    /// Recomputes every record's `duplicate_group` / `duplicate_of` from the hashes of the latest checks
    /// (``DuplicateGrouper``), in one transaction.
    /// - Returns: The number of groups.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    @discardableResult
    func regroupDuplicates() throws(CatalogError) -> Int {
        let items: [DuplicateGrouper.Item] = try read("read the image hashes") { db in
            var items: [DuplicateGrouper.Item] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, qa_json, bytes FROM image WHERE qa_json IS NOT NULL")
            while let row = try rows.next() {
                guard let qa = Catalog.decodeMap(row["qa_json"]),
                      let phash = qa["phash"].flatMap({ UInt64($0, radix: 16) }),
                      let yaw = qa["yaw_hash"].flatMap({ UInt64($0, radix: 16) }),
                      let width = qa["pixel_width"].flatMap(Int.init), let height = qa["pixel_height"].flatMap(Int.init),
                      height > 0, (qa["entropy"].flatMap(Double.init) ?? 0) >= DuplicateGrouper.minimumEntropy
                else { continue }
                items.append(DuplicateGrouper.Item(
                    id: row["id"], phash: phash, yawHash: yaw, aspect: Double(width) / Double(height),
                    pixels: width * height, bytes: row["bytes"] ?? 0, sharpness: qa["blur_score"].flatMap(Double.init) ?? 0))
            }
            return items
        }
        let groups = DuplicateGrouper.groups(items)
        try write("store \(groups.count) duplicate groups") { db in
            try db.execute(sql: "UPDATE image SET duplicate_group = NULL, duplicate_of = NULL WHERE duplicate_group IS NOT NULL")
            for group in groups {
                let best = group.members[0]
                for member in group.members {
                    try db.execute(sql: "UPDATE image SET duplicate_group = ?, duplicate_of = ? WHERE id = ?",
                                   arguments: [best, member == best ? nil : best, member])
                }
            }
        }
        try markStationary()
        return groups.count
    }

    /// Marks Mapillary frames less than 1 m from their predecessor in the same sequence (by capture time) and in
    /// the same near-duplicate group as `stationary`; other checked downloads with a position get false.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    func markStationary() throws(CatalogError) {
        try write("mark stationary frames") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, raw_json, sequence, duplicate_group FROM image
                WHERE raw_json IS NOT NULL AND qa_json IS NOT NULL AND sequence IS NOT NULL
                ORDER BY sequence, captured_at, id
                """)
            try db.execute(sql: "UPDATE image SET stationary = NULL")
            var previous: (sequence: String, point: (longitude: Double, latitude: Double)?, group: String?)?
            for row in rows {
                let raw: String = row["raw_json"]
                let sequence: String = row["sequence"]
                let group: String? = row["duplicate_group"]
                let point = (try? JSONParser.parse(Array(raw.utf8))).flatMap { try? MapillaryImage(json: $0, raw: raw) }?.coordinate
                var stationary: Bool?
                if let point {
                    stationary = false
                    if let previous, previous.sequence == sequence, let before = previous.point, let group,
                       previous.group == group, Catalog.metres(before, point) < 1 {
                        stationary = true
                    }
                }
                try db.execute(sql: "UPDATE image SET stationary = ? WHERE id = ?", arguments: [stationary, row["id"] as String])
                previous = (sequence, point, group)
            }
        }
    }

    /// The great-circle distance between two positions, in metres (haversine, mean Earth radius).
    static func metres(_ a: (longitude: Double, latitude: Double), _ b: (longitude: Double, latitude: Double)) -> Double {
        let radians = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * radians
        let dLon = (b.longitude - a.longitude) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * radians) * cos(b.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }
}
