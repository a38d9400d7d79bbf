import Fetch
import Foundation
import Imaging
import Logging
import Synchronization

/// Checks every JPEG of a dataset folder into its catalogue: the engine behind `mly360 check` (and the
/// last step of `mly360 download`).
///
/// **Incremental.** A file whose size, modification time and inode are unchanged since its last check
/// (with the same pixel limit, API label and, when thumbnails are made, the same thumbnail settings and its
/// thumbnail still there) is not read again: its catalogued result is reused. ``force`` re-checks all.
///
/// **Ids.** A file's id is the id of the record that already names it; else its Mapillary id when the
/// catalogue has that image's API record without a file and the file is `<id>.jpg`; else one derived from
/// its path (``LocalID``). The thumbnails folder (wherever it is, and every one used before) is never
/// scanned, and a record that named a file inside one is cleared: thumbnails are never images.
///
/// Files that are gone are marked `missing`. Results are committed to the catalogue when the checks end,
/// also after cancellation (Ctrl-C stops taking new files; the summary says how many were left). Memory is
/// bounded by `jobs` images in flight plus one short record per file.
public struct DatasetCheck: Sendable {
    /// The dataset folder to scan recursively.
    public var directory: String
    /// The thumbnails folder; nil makes none (it is still never scanned: see ``excludedFolders``).
    public var thumbnailDirectory: String?
    /// Decoder and thumbnail settings.
    public var options: CheckOptions
    /// Files checked at once.
    public var jobs: Int
    /// Re-check every file, unchanged or not.
    public var force: Bool
    /// Where skipped files and reuse decisions are logged.
    public var logger: Logger

    /// Creates a check.
    /// - Parameters:
    ///   - directory: The folder to scan.
    ///   - thumbnailDirectory: The thumbnails folder, or nil for no thumbnails.
    ///   - options: Decoder and thumbnail settings.
    ///   - jobs: Parallel checks, at least 1.
    ///   - force: Re-check unchanged files too.
    ///   - logger: Receives one line per skipped file or folder (quiet by default).
    public init(directory: String, thumbnailDirectory: String?, options: CheckOptions = CheckOptions(), jobs: Int,
                force: Bool = false, logger: Logger = Logger(label: "mly360.check", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.directory = directory
        self.thumbnailDirectory = thumbnailDirectory
        self.options = options
        self.jobs = max(1, jobs)
        self.force = force
        self.logger = logger
    }

    /// The default thumbnails folder of a dataset folder: `DIR/thumbnails`.
    public static func defaultThumbnailDirectory(in directory: String) -> String {
        PathMath.join(directory, "thumbnails")
    }

    /// Folders never scanned: the thumbnails folder of this run (or the default one), and every thumbnails
    /// folder an earlier check of this catalogue used.
    func excludedFolders(_ catalog: Catalog) throws(CatalogError) -> [String] {
        let root = PathMath.absolute(directory)
        var folders = [PathMath.absolute(thumbnailDirectory ?? Self.defaultThumbnailDirectory(in: root))]
        for earlier in try catalog.thumbnailFolders() where !folders.contains(earlier) { folders.append(earlier) }
        return folders
    }

    /// Runs the checks and stores the results in `catalog` (it does not render the CSV: the caller does,
    /// once, after every step of its command).
    /// - Parameters:
    ///   - catalog: The folder's catalogue.
    ///   - progress: Called about four times a second while files are checked.
    /// - Returns: Counts, speed and problems.
    /// - Throws: ``CatalogError`` when the folder cannot be read or the catalogue written. A bad image is
    ///   never an error: it is a record with its status.
    public func run(catalog: Catalog, progress: (@Sendable (CheckProgress) -> Void)? = nil) async throws(CatalogError) -> CheckSummary {
        let start = monotonicSeconds()
        let root = PathMath.absolute(directory)
        let thumbs = thumbnailDirectory.map(PathMath.absolute)
        let excluded = try excludedFolders(catalog)
        if let thumbs { try OutputProbe.folder(thumbs, create: true) }

        let found = try JPEGFileFinder(root: root, excluding: excluded).find()
        for problem in found.problems { logger.info("\(problem)") }
        var summary = CheckSummary()
        summary.found = found.files.count
        summary.thumbnailDirectory = thumbs
        summary.notes = found.problems

        let index = try catalog.fileIndex()
        let inThumbnails = index.byFilename.keys.filter { name in
            excluded.contains { PathMath.isInside(PathMath.join(root, name), $0) }
        }
        if try catalog.dropFilenames(inThumbnails.sorted()) > 0 {
            summary.notes.append("\(inThumbnails.count) record\(inThumbnails.count == 1 ? "" : "s") named a thumbnail as an image; cleared.")
        }

        // Decide, file by file: reuse the catalogued result, or check.
        var work: [WorkItem] = []
        var reused: [Catalog.FileRecord] = []
        var seenIDs = Set<String>()
        var taken = index.takenIDs
        var foundNames = Set<String>()
        for path in found.files {
            let relative = PathMath.relative(path, from: root)
            foundNames.insert(relative)
            let stat = FileStat.of(path)
            let record = index.byFilename[relative]
            var id = record?.id ?? ""
            if id.isEmpty || seenIDs.contains(id) {
                let stem = PathMath.stem(relative)
                let isIDFile = !relative.contains("/") && relative.lowercased() == stem + ".jpg"
                id = isIDFile && index.apiIDsWithoutFile.contains(stem) && !seenIDs.contains(stem)
                    ? stem : LocalID.derived(fromRelativePath: relative, taken: taken)
            }
            seenIDs.insert(id)
            taken.insert(id.lowercased())
            let apiPano = index.apiSaysPanorama[id]
            let key = Self.key(stat, maxPixels: options.maxPixels, apiSaysPanorama: apiPano, pixelQA: options.pixelQA)
            let thumbnail = thumbs.map { PathMath.join($0, LocalID.thumbnailName(for: id)) }
            if !force, let record, record.id == id, let qa = record.qa, record.qaKey == key,
               reusable(qa, thumbnail: thumbnail, root: root) {
                reused.append(record)
                continue
            }
            work.append(WorkItem(index: work.count, id: id, path: path, relative: relative, stat: stat,
                                 thumbnail: thumbnail, apiSaysPanorama: apiPano, key: key, known: record != nil))
        }
        let missing = index.byFilename.values.filter { !foundNames.contains($0.filename) && !inThumbnails.contains($0.filename) }
        if !missing.isEmpty {
            for record in missing { logger.info("\(record.filename): the file is gone (missing)") }
            try catalog.markMissing(missing.map(\.id))
        }
        logger.info("\(reused.count) unchanged file\(reused.count == 1 ? "" : "s") reused, \(work.count) to check")

        let results = await check(work, root: root, progress: progress, start: start)
        let thumbnailSpec = Self.thumbnailSpec(options)
        var stored: [Catalog.CheckedFile] = []
        stored.reserveCapacity(results.count)
        for result in results {
            let item = work[result.index]
            var qa = QAColumns.map(for: result.report, thumbnail: result.thumbnail.map { PathMath.relative($0, from: root) })
            // The settings are kept also when no thumbnail could be made (an undecodable file): then there is
            // nothing to make again while the file is unchanged.
            if item.thumbnail != nil { qa["_thumbnail_settings"] = thumbnailSpec }
            // A file that changed while it was read gets no reuse key: the next check reads it again.
            let settled = result.size == item.stat?.size && FileStat.of(item.path) == item.stat
            stored.append(Catalog.CheckedFile(id: item.id, filename: item.relative, stat: item.stat,
                                              sha256: result.sha256, qa: qa, qaKey: settled ? item.key : nil))
            summary.checked += 1
            if !item.known { summary.added += 1 }
            summary.bytes += Int(result.size ?? 0)
            if result.thumbnail != nil { summary.thumbnails += 1 }
            count(status: result.report.status.rawValue, verdict: result.report.verdict.rawValue,
                  message: result.report.message ?? "", file: item.relative, into: &summary)
        }
        try catalog.recordChecks(stored)
        summary.duplicateGroups = try catalog.regroupDuplicates()
        if let thumbs { try catalog.addThumbnailFolder(thumbs) }

        for record in reused {
            let qa = record.qa ?? [:]
            count(status: qa["jpeg_status"] ?? "", verdict: qa["equirectangular"] ?? "", message: qa["jpeg_message"] ?? "",
                  file: record.filename, into: &summary)
        }
        summary.reused = reused.count
        summary.missing = missing.count
        if !missing.isEmpty { summary.statuses[JPEGStatus.missing.rawValue, default: 0] += missing.count }
        summary.problems.sort { $0.file < $1.file }
        summary.remaining = work.count - results.count
        summary.interrupted = summary.remaining > 0
        summary.seconds = monotonicSeconds() - start
        summary.imagesPerSecond = summary.seconds > 0 ? Double(summary.checked) / summary.seconds : 0
        return summary
    }

    private func count(status: String, verdict: String, message: String, file: String, into summary: inout CheckSummary) {
        summary.statuses[status, default: 0] += 1
        summary.verdicts[verdict, default: 0] += 1
        if status != JPEGStatus.ok.rawValue, let parsed = JPEGStatus(rawValue: status) {
            summary.problems.append(.init(file: file, status: parsed, message: message))
        }
    }

    /// Whether a catalogued result can stand for a check with this run's thumbnail settings.
    private func reusable(_ qa: [String: String], thumbnail: String?, root: String) -> Bool {
        guard let thumbnail else { return true }
        guard qa["_thumbnail_settings"] == Self.thumbnailSpec(options) else { return false }
        guard let made = qa["thumbnail"] else { return true }  // the image gave none
        return PathMath.resolve(made, in: root) == thumbnail && FileStat.exists(thumbnail)
    }

    /// The thumbnail settings a catalogued thumbnail was made with: size, quality and, for the `fast` decode,
    /// its name (thumbnails of the default `fine` decode keep the spelling of catalogues made before the option).
    static func thumbnailSpec(_ options: CheckOptions) -> String {
        "\(options.thumbnailSize)q\(options.thumbnailQuality)" + (options.thumbnailDecode == .fine ? "" : options.thumbnailDecode.rawValue)
    }

    /// The reuse key of a file: its facts and every input of the check that is not in its bytes.
    static func key(_ stat: FileStat?, maxPixels: Int, apiSaysPanorama: Bool?, pixelQA: Bool = true) -> String? {
        guard let stat, stat.isRegular else { return nil }
        let api = apiSaysPanorama.map { $0 ? "pano" : "flat" } ?? "unknown"
        return "v1 \(stat.size) \(stat.mtimeNanoseconds) \(stat.inode) px\(maxPixels) api:\(api)" + (pixelQA ? "" : " noqa")
    }

    private struct WorkItem: Sendable {
        var index: Int
        var id: String
        var path: String
        var relative: String
        var stat: FileStat?
        var thumbnail: String?
        var apiSaysPanorama: Bool?
        var key: String?
        var known: Bool
    }

    private struct WorkResult: Sendable {
        var index: Int
        var report: ImageReport
        /// Bytes read, nil when the file could not be read.
        var size: Int64?
        /// The SHA-256 of the bytes read.
        var sha256: String?
        /// The thumbnail written, relative to the dataset.
        var thumbnail: String?
    }

    /// Reads one file, checks its bytes, and writes its thumbnail atomically (Imaging only returns bytes).
    private static func checkOne(_ item: WorkItem, with checker: inout ImageChecker) -> WorkResult {
        let bytes: [UInt8]
        switch ImageChecker.readFile(item.path) {
        case .success(let read): bytes = read
        case .failure(let failure):
            return WorkResult(index: item.index, report: ImageReport(
                path: item.path, status: .unreadable, message: failure.message, verdict: .unknown,
                verdictReason: "no readable header: the pixel size is unknown"))
        }
        let checked = checker.check(bytes, makeThumbnail: item.thumbnail != nil, apiSaysPanorama: item.apiSaysPanorama)
        var report = checked.report
        report.path = item.path
        var thumbnail: String?
        if let path = item.thumbnail, let jpeg = checked.thumbnail {
            do {
                try AtomicFile.write(jpeg, to: path)
                thumbnail = path
            } catch {
                report.warnings.append("thumbnail not written: \(error)")
            }
        }
        return WorkResult(index: item.index, report: report, size: Int64(bytes.count), sha256: SHA256Hex.of(bytes),
                          thumbnail: thumbnail)
    }

    /// Checks `work` on `jobs` workers, each owning one ``Imaging/ImageChecker`` (TurboJPEG handles are never shared).
    private func check(_ work: [WorkItem], root: String, progress: (@Sendable (CheckProgress) -> Void)?, start: Double) async -> [WorkResult] {
        guard !work.isEmpty else { return [] }
        let counters = Counters()
        let options = options
        let logger = logger
        var results: [WorkResult] = []
        results.reserveCapacity(work.count)
        let workers = min(jobs, work.count)
        await withTaskGroup(of: [WorkResult]?.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var local: [WorkResult] = []
                    var checker: ImageChecker
                    do { checker = try ImageChecker(options: options) } catch {
                        // Without a codec handle nothing can be decoded; report each file instead of crashing.
                        while case let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue, index < work.count {
                            local.append(WorkResult(index: index, report: ImageReport(
                                path: work[index].path, status: .unreadable, message: "\(error)",
                                verdict: .unknown, verdictReason: "no decoder")))
                            counters.done.add(1, ordering: .relaxed)
                        }
                        return local
                    }
                    // A cancelled run stops taking files; what is done is still recorded.
                    while !Task.isCancelled,
                          case let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue, index < work.count {
                        let item = work[index]
                        let result = Self.checkOne(item, with: &checker)
                        let report = result.report
                        if report.status != .ok { logger.info("\(item.relative): \(report.status.rawValue) (\(report.message ?? ""))") }
                        local.append(result)
                        counters.bytes.add(Int(result.size ?? 0), ordering: .relaxed)
                        counters.done.add(1, ordering: .relaxed)
                    }
                    return local
                }
            }
            if let progress {
                group.addTask {
                    while counters.done.load(ordering: .relaxed) < work.count, !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(250))
                        progress(CheckProgress(done: counters.done.load(ordering: .relaxed), total: work.count,
                                               bytes: counters.bytes.load(ordering: .relaxed), seconds: monotonicSeconds() - start))
                    }
                    return nil
                }
            }
            // Workers return their batches, the progress ticker nil. Once every worker is in, cancel the
            // ticker instead of waiting out its sleep.
            var workersLeft = workers
            for await batch in group {
                guard let batch else { continue }
                results.append(contentsOf: batch)
                workersLeft -= 1
                if workersLeft == 0 { group.cancelAll() }
            }
        }
        return results.sorted { $0.index < $1.index }
    }
}

/// Work distribution shared by the check workers: lock-free counters.
private final class Counters: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
