import ArgumentParser
import Catalog
import Foundation

/// The catalogue of one command's dataset folder, opened after every output was found writable, with a
/// foreign (or hand-edited) CSV imported. Commands run their steps against ``catalog`` and end with
/// ``render()``.
struct DatasetSession {
    /// The dataset folder.
    let root: String
    /// The CSV the catalogue is rendered into.
    let csvPath: String
    /// The thumbnails folder, when thumbnails are made.
    let thumbnails: String?
    /// The catalogue.
    let catalog: Catalog
    /// Whether the catalogue existed before this command.
    let existed: Bool
    /// Remarks for the summary (what an import did).
    var notes: [String] = []

    /// Probes the outputs (exit 3 at once when one cannot be written), opens the catalogue beside the CSV
    /// and imports the CSV when mly360 did not write it.
    /// - Parameters:
    ///   - command: The command's name, for messages.
    ///   - token: The access token to scrub from everything stored.
    init(command: String, root: String, csvPath: String, thumbnails: String?, token: String? = nil,
         createRoot: Bool = false) throws {
        let opened: (catalog: Catalog, existed: Bool, notes: [String])
        do {
            opened = try Self.open(root: root, csvPath: csvPath, thumbnails: thumbnails, token: token, createRoot: createRoot)
        } catch {
            FileHandleOutput.standardError("mly360 \(command): \(error)")
            throw ExitCode(ToolExit.localIO)
        }
        self.root = root
        self.csvPath = csvPath
        self.thumbnails = thumbnails
        self.catalog = opened.catalog
        self.existed = opened.existed
        self.notes = opened.notes
    }

    private static func open(root: String, csvPath: String, thumbnails: String?, token: String?,
                             createRoot: Bool) throws(CatalogError) -> (catalog: Catalog, existed: Bool, notes: [String]) {
        if createRoot { try OutputProbe.folder(root, create: true) }
        try OutputProbe.csv(csvPath)
        if let thumbnails { try OutputProbe.folder(thumbnails, create: true) }
        let folder = (csvPath as NSString).deletingLastPathComponent
        let stateFolder = folder.isEmpty ? "." : folder
        let existed = FileManager.default.fileExists(atPath: Catalog.statePath(in: stateFolder))
        try OutputProbe.folder(stateFolder + "/.mly360", create: true)
        let catalog = try Catalog(folder: stateFolder, redacting: token)
        var notes: [String] = []
        let absoluteCSV = URL(fileURLWithPath: csvPath).standardizedFileURL.path
        let absoluteRoot = URL(fileURLWithPath: root).standardizedFileURL.path
        var folders = [URL(fileURLWithPath: thumbnails ?? root + "/thumbnails").standardizedFileURL.path]
        folders.append(URL(fileURLWithPath: root + "/thumbnails").standardizedFileURL.path)
        if let outcome = try catalog.importCSVIfChanged(at: absoluteCSV, root: absoluteRoot, thumbnailFolders: folders) {
            var note = "imported \(outcome.rows) row\(outcome.rows == 1 ? "" : "s") of the existing \(csvPath)"
            if !outcome.foreignColumns.isEmpty { note += " (\(outcome.foreignColumns.count) of its columns kept as they are)" }
            if outcome.thumbnailRows > 0 { note += "; \(outcome.thumbnailRows) rows that named thumbnails dropped" }
            if outcome.duplicateIDs > 0 { note += "; \(outcome.duplicateIDs) repeated ids kept as <id>~<line>" }
            notes.append(note)
        }
        return (catalog, existed, notes)
    }

    /// Renders the CSV from the catalogue (atomically).
    /// - Returns: The number of rows.
    @discardableResult
    func render(command: String) throws -> Int {
        do {
            return try CatalogCSV.render(catalog, to: csvPath, root: root).rows
        } catch {
            FileHandleOutput.standardError("mly360 \(command): the CSV could not be written: \(error)")
            throw ExitCode(ToolExit.localIO)
        }
    }

    /// Removes the catalogue again when this command created it and it holds nothing (an empty folder).
    func discardIfEmpty() {
        guard !existed, (try? catalog.recordCount()) == 0 else { return }
        let folder = (catalog.path as NSString).deletingLastPathComponent
        try? FileManager.default.removeItem(atPath: folder)
    }
}
