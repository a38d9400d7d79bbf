import Foundation
import GRDB

/// The `split` column.
extension Catalog {
    /// What ``split(_:)`` did.
    public struct SplitOutcome: Sendable, Equatable {
        /// Images per split name.
        public var counts: [String: Int]
        /// Images split.
        public var total: Int
    }

    /// Assigns every record of the catalogue to a split by `plan`, in one transaction; later checks keep it.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func split(_ plan: SplitPlan) throws(CatalogError) -> SplitOutcome {
        let images: [SplitPlan.Image] = try read("read sequences and groups") { db in
            try Row.fetchAll(db, sql: "SELECT id, sequence, duplicate_group FROM image ORDER BY id").map {
                SplitPlan.Image(id: $0["id"], sequence: $0["sequence"], group: $0["duplicate_group"])
            }
        }
        let assignment = plan.assign(images)
        try write("store the split of \(assignment.count) images") { db in
            for (id, split) in assignment {
                try db.execute(sql: "UPDATE image SET split = ? WHERE id = ?", arguments: [split, id])
            }
        }
        var counts: [String: Int] = [:]
        for split in assignment.values { counts[split, default: 0] += 1 }
        return SplitOutcome(counts: counts, total: assignment.count)
    }
}
