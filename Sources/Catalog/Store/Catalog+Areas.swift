import Fetch
import Foundation
import GRDB

extension Catalog {
    /// The areas whose discovery finished into this catalogue (`download --bbox` / `--polygon` runs), from the
    /// ledger's records, each as its bounding box; sources without an area (sequences, ids, creators) are left out.
    /// - Throws: ``CatalogError/io(path:message:)`` on a database failure.
    public func discoveredAreas() throws(CatalogError) -> [BoundingBox] {
        let keys = try read("read the discovered areas") { db in
            try String.fetchAll(db, sql: "SELECT key FROM meta WHERE key LIKE 'discovery_finished %' ORDER BY key")
        }
        // "discovery_finished bbox W,S,E,N", "… bbox A + B" (an antimeridian box in two), "… polygon W,S,E,N (n parts)".
        return keys.flatMap { key -> [BoundingBox] in
            let words = key.split(separator: " ")
            guard words.count >= 3, ["bbox", "polygon"].contains(words[1]) else { return [] }
            let boxes = words[1] == "bbox" ? words.dropFirst(2).filter { $0 != "+" } : [words[2]]
            return boxes.compactMap { try? BoundingBox(parsing: String($0)) }
        }
    }
}
