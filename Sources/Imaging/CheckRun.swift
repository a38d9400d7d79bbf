#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Checks every JPEG below a folder in parallel and merges the results into a metadata CSV: the engine behind
/// `mly360 check` (and the last step of `mly360 download`).
///
/// Merging keeps every column and row of an existing CSV in order; the ``QAColumns`` are replaced in place or
/// appended; rows match files by their `filename` column (a path relative to the CSV's folder); images without
/// a row are appended with `id` = file stem; rows whose file is gone get `jpeg_status=missing`. The CSV is
/// streamed twice (never held in memory) and replaced atomically. Memory is bounded by `jobs` images in flight
/// plus one short row of QA values per file.
public struct CheckRun: Sendable {
    /// The folder to scan recursively.
    public var directory: String
    /// The CSV to merge into (created when absent).
    public var csvPath: String
    /// Where thumbnails go (`<image file stem>.jpg`); nil makes none.
    public var thumbnailDirectory: String?
    /// Decoder and thumbnail settings.
    public var options: CheckOptions
    /// Files checked at once.
    public var jobs: Int

    /// Creates a run.
    /// - Parameters:
    ///   - directory: the folder to scan.
    ///   - csvPath: the CSV to merge into; default `DIRECTORY/mapillary_images_metadata.csv`.
    ///   - thumbnailDirectory: the thumbnails folder, or nil for no thumbnails.
    ///   - options: decoder and thumbnail settings.
    ///   - jobs: parallel checks, at least 1.
    public init(directory: String, csvPath: String? = nil, thumbnailDirectory: String?, options: CheckOptions = CheckOptions(), jobs: Int) {
        self.directory = directory
        self.csvPath = csvPath ?? (directory.hasSuffix("/") ? directory : directory + "/") + "mapillary_images_metadata.csv"
        self.thumbnailDirectory = thumbnailDirectory
        self.options = options
        self.jobs = max(1, jobs)
    }

    /// Runs the checks and writes the CSV.
    ///
    /// Cancelling the task stops it taking new files: the files already checked are merged into the CSV
    /// (rows of unchecked files keep their earlier QA values) and the summary counts only them.
    /// - Parameter progress: called about four times a second while files are checked.
    /// - Returns: counts, speed and problems.
    /// - Throws: ``ImagingError`` when the folder or the CSV cannot be read or written. A bad image is never an
    ///   error: it is a row with its status.
    public func run(progress: (@Sendable (CheckProgress) -> Void)? = nil) async throws(ImagingError) -> CheckSummary {
        let start = monotonicSeconds()
        let root = PathMath.absolute(directory)
        let csv = PathMath.absolute(csvPath)
        let csvFolder = PathMath.parent(of: csv)
        let thumbs = thumbnailDirectory.map(PathMath.absolute)

        let found = try JPEGFileFinder(root: root, excluding: thumbs.map { [$0] } ?? []).find()
        let existing = try ExistingCSV.read(path: csv, folder: csvFolder)

        // Files to check: everything found, plus CSV rows whose file exists elsewhere.
        var files = found.files
        var seen = Set(files)
        for path in existing.referencedFiles where !seen.contains(path) && FileProbe.exists(path) {
            files.append(path)
            seen.insert(path)
        }
        var notes = found.problems
        let thumbnailNames = thumbs.map { ThumbnailNames.assign(files: files, folder: $0, notes: &notes) }
        let work = files.enumerated().map { index, path in
            WorkItem(index: index, path: path, thumbnail: thumbnailNames?[index],
                     apiSaysPanorama: existing.apiSaysPanorama[path] ?? nil)
        }
        let results = await check(work, progress: progress, start: start)

        var byPath: [String: [String]] = [:]
        var statuses: [String: Int] = [:]
        var verdicts: [String: Int] = [:]
        var problems: [CheckSummary.Problem] = []
        var bytes = 0
        var thumbnails = 0
        for result in results {
            let report = result.report
            let thumbnail = report.thumbnailPath.map { PathMath.relative($0, from: csvFolder) }
            byPath[result.path] = QAColumns.values(for: report, thumbnail: thumbnail)
            statuses[report.status.rawValue, default: 0] += 1
            verdicts[report.verdict.rawValue, default: 0] += 1
            bytes += report.fileSize ?? 0
            if report.thumbnailPath != nil { thumbnails += 1 }
            if report.status != .ok {
                problems.append(.init(file: PathMath.relative(result.path, from: csvFolder), status: report.status,
                                      message: report.message ?? ""))
            }
        }
        let merge = try CSVMerge.write(csv: csv, folder: csvFolder, existing: existing, results: byPath, order: files)
        if merge.missing > 0 { statuses[JPEGStatus.missing.rawValue, default: 0] += merge.missing }
        let seconds = monotonicSeconds() - start
        return CheckSummary(
            checked: results.count, statuses: statuses, verdicts: verdicts, missing: merge.missing,
            appended: merge.appended, updated: merge.updated, thumbnails: thumbnails, bytes: bytes, seconds: seconds,
            imagesPerSecond: seconds > 0 ? Double(results.count) / seconds : 0, csvPath: csv,
            thumbnailDirectory: thumbs, notes: notes, problems: problems
        )
    }

    private struct WorkItem: Sendable {
        var index: Int
        var path: String
        var thumbnail: String?
        var apiSaysPanorama: Bool?
    }

    private struct WorkResult: Sendable {
        var index: Int
        var path: String
        var report: ImageReport
    }

    /// Checks `work` on `jobs` workers, each owning one ``ImageChecker`` (TurboJPEG handles are never shared).
    private func check(_ work: [WorkItem], progress: (@Sendable (CheckProgress) -> Void)?, start: Double) async -> [WorkResult] {
        let counters = Counters()
        let options = options
        var results: [WorkResult] = []
        results.reserveCapacity(work.count)
        await withTaskGroup(of: [WorkResult]?.self) { group in
            for _ in 0..<min(jobs, max(1, work.count)) {
                group.addTask {
                    var local: [WorkResult] = []
                    var checker: ImageChecker
                    do { checker = try ImageChecker(options: options) } catch {
                        // Without a codec handle nothing can be decoded; report each file instead of crashing.
                        while case let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue, index < work.count {
                            let item = work[index]
                            local.append(WorkResult(index: index, path: item.path, report: ImageReport(
                                path: item.path, status: .unreadable, message: "\(error)",
                                verdict: .unknown, verdictReason: "no decoder")))
                            counters.done.add(1, ordering: .relaxed)
                        }
                        return local
                    }
                    // A cancelled run stops taking files; what is done is still merged into the CSV.
                    while !Task.isCancelled,
                          case let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue, index < work.count {
                        let item = work[index]
                        let report = checker.check(fileAt: item.path, thumbnailPath: item.thumbnail,
                                                   apiSaysPanorama: item.apiSaysPanorama)
                        local.append(WorkResult(index: index, path: item.path, report: report))
                        counters.bytes.add(report.fileSize ?? 0, ordering: .relaxed)
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
            var workersLeft = min(jobs, max(1, work.count))
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
