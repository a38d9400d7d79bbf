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
        return groups.count
    }
}
