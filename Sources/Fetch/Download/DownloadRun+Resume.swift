import Foundation

extension DownloadRun {
    /// What the resume pass found.
    struct Resume {
        /// Images to download (never attempted, failed before, or whose verified file is gone or changed).
        var pending: [String] = []
        /// Images whose verified file is on disk with the recorded size.
        var present: [String] = []
        /// Verified files on disk at another resolution than this run would pick: downloaded again and
        /// replaced atomically (the old file stays until the new one is complete).
        var replacing: [String] = []
        /// Remarks for the summary.
        var notes: [String] = []
    }

    /// Prepares a run over a folder an earlier run may have left: removes `.part` leftovers (keeping those
    /// of pending images at the same resolution, which the download resumes with `Range`), marks files of
    /// this run's source verified earlier and still on disk with the recorded size `present` (one
    /// transaction), and lists every other image of the source for download. Images of other sources are
    /// left alone.
    /// - Throws: ``FetchError/io(path:message:)`` when the store cannot be read or written.
    func resumePass(state: any DownloadStore, out: String) throws(FetchError) -> Resume {
        var resume = Resume()
        var changed: [String] = []
        // Pending images whose partial file may be resumed with an HTTP Range: same resolution as before.
        var resumable = Set<String>()
        try state.forEachImage(pageSize: 500) { row throws(FetchError) in
            guard let image = row.image, inScope(image) else { return }
            guard row.isVerified, let expected = row.bytes else {
                resume.pending.append(row.id)
                let wanted = pickSource(image, fetchedAt: row.discoveredAt)?.resolution.rawValue
                if row.resolution == nil || row.resolution == wanted { resumable.insert(row.id) }
                return
            }
            guard let path = CDNDownloader.filePath(id: row.id, in: out), DownloadRun.fileSize(path) == expected else {
                changed.append(row.id)
                resume.pending.append(row.id)
                return
            }
            if let wanted = pickSource(image, fetchedAt: row.discoveredAt)?.resolution.rawValue,
               let had = row.resolution, wanted != had {
                resume.replacing.append(row.id)
                resume.pending.append(row.id)
            } else {
                resume.present.append(row.id)
            }
        }
        let leftovers = removePartFiles(in: out, keeping: resumable)
        if leftovers > 0 {
            resume.notes.append("Removed \(leftovers) incomplete .part file\(leftovers == 1 ? "" : "s") left by an earlier run.")
        }
        try state.markPresent(resume.present)
        try state.clearDownloads(changed)
        if !changed.isEmpty {
            resume.notes.append("\(changed.count) file\(changed.count == 1 ? " was" : "s were") missing or changed since "
                + "an earlier run and will be downloaded again.")
        }
        if !resume.replacing.isEmpty {
            resume.notes.append("\(resume.replacing.count) file\(resume.replacing.count == 1 ? " is" : "s are") at another "
                + "resolution than --resolution \(options.resolution.rawValue) and will be downloaded again (each replaced "
                + "only once its new file is complete).")
        }
        return resume
    }

    /// Removes `<id>.jpg.part` files (never anything else) from `out`, except those of `keeping` (pending
    /// images whose download resumes them with an HTTP `Range`); returns how many were removed.
    func removePartFiles(in out: String, keeping: Set<String> = []) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: out) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".jpg.part") {
            let id = String(name.dropLast(".jpg.part".count))
            guard MapillaryImage.isValidID(id), !keeping.contains(id) else { continue }
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
