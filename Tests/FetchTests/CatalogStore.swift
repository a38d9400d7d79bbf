import Catalog
import Foundation
import Fetch

extension DownloadRun {
    /// A run whose store is its output folder's real catalogue, as `mly360 download` uses it.
    init(options: DownloadOptions) throws {
        self.init(options: options, store: try Catalog(folder: options.outDirectory, redacting: options.token))
    }
}

extension DownloadFixture {
    /// Renders the catalogue of `out` into its CSV (as `mly360 download` does after a run) and returns the text.
    static func csv(_ out: String) throws -> String {
        let catalog = try Catalog(folder: out)
        try CatalogCSV.render(catalog, to: CatalogCSV.path(in: out), root: out)
        return try String(contentsOfFile: CatalogCSV.path(in: out), encoding: .utf8)
    }

    /// Ids with a verified file in the catalogue of `out`.
    static func verifiedIDs(_ out: String) throws -> Set<String> {
        var ids = Set<String>()
        try Catalog(folder: out).forEachImage(pageSize: 500) { row in
            if row.isVerified { ids.insert(row.id) }
        }
        return ids
    }
}
