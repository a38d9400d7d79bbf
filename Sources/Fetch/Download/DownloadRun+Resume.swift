import Foundation

extension DownloadRun {
    /// What the resume pass found.
    struct Resume {
        /// Images to download (never attempted, failed before, or whose verified file is gone or changed).
        var pending: [String] = []
        /// Images whose verified file is on disk with the recorded size.
        var present: [String] = []
        /// Remarks for the summary.
        var notes: [String] = []
    }

    /// Prepares a run over a folder an earlier run may have left: removes `.part` leftovers, marks files
    /// verified earlier and still on disk with the recorded size `present` (one transaction), and lists
    /// every other stored image for download.
    /// - Throws: ``FetchError/io(path:message:)`` when the state cannot be read or written.
    func resumePass(state: StateStore, out: String) throws(FetchError) -> Resume {
        var resume = Resume()
        let leftovers = removePartFiles(in: out)
        if leftovers > 0 {
            resume.notes.append("Removed \(leftovers) incomplete .part file\(leftovers == 1 ? "" : "s") left by an earlier run.")
        }
        let sizes = try state.verifiedSizes()
        var changed: [String] = []
        for id in try state.imageIDs() {
            guard let expected = sizes[id] else {
                resume.pending.append(id)
                continue
            }
            if let path = CDNDownloader.filePath(id: id, in: out), DownloadRun.fileSize(path) == expected {
                resume.present.append(id)
            } else {
                changed.append(id)
                resume.pending.append(id)
            }
        }
        try state.markPresent(resume.present)
        try state.clearDownloads(changed)
        if !changed.isEmpty {
            resume.notes.append("\(changed.count) file\(changed.count == 1 ? " was" : "s were") missing or changed since "
                + "an earlier run and will be downloaded again.")
        }
        return resume
    }

    /// Removes `<id>.jpg.part` files (never anything else) from `out`; returns how many.
    func removePartFiles(in out: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: out) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".jpg.part") {
            let id = String(name.dropLast(".jpg.part".count))
            guard MapillaryImage.isValidID(id) else { continue }
            if unlink(out + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// The size of a regular file, or `nil` when absent or not a regular file.
    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
