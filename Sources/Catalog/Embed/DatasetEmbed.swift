import Fetch
import Foundation
import Imaging
import Logging

/// `mly360 embed` (and `download --embed-metadata`): writes each downloaded panorama's catalogue values — GPS,
/// time, heading, camera, id and, for full spheres by their pixels, GPano — into its file, losslessly and
/// atomically (temporary file, fsync, rename), and records the served and the new hashes.
///
/// Idempotent: a file that already holds everything is not rewritten, and a file whose facts are unchanged
/// since it was embedded is not even read.
public struct DatasetEmbed: Sendable {
    /// The dataset folder.
    public let directory: String
    private let logger: Logger

    /// Creates a run over `directory`'s catalogue.
    public init(directory: String, logger: Logger = Logger(label: "mly360.embed")) {
        self.directory = directory
        self.logger = logger
    }

    /// Embeds into every verified Mapillary file of `catalog` (only `ids` when given).
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or written; a file that fails is a problem
    ///   of the summary and the others go on.
    public func run(catalog: Catalog, ids: Set<String>? = nil) throws(CatalogError) -> EmbedSummary {
        var summary = EmbedSummary()
        var work: [(record: CatalogRecord, image: MapillaryImage)] = []
        try catalog.forEachRecord { record throws(CatalogError) in
            guard ids.map({ $0.contains(record.id) }) ?? true else { return }
            guard let image = record.image, record.filename != nil,
                  record.downloadStatus == .downloaded || record.downloadStatus == .present
            else { summary.skipped += 1; return }
            work.append((record, image))
        }
        for (record, image) in work {
            if Task.isCancelled {
                summary.interrupted = true
                break
            }
            guard let filename = record.filename else { continue }
            let path = PathMath.join(directory, filename)
            if let embedded = record.embedded, let stat = FileStat.of(path), stat.size == record.fileSize,
               try catalog.fileFactsMatch(id: record.id, stat) {
                summary.unchanged += 1
                if embedded.contains("gpano") { summary.withGPano += 1 }
                continue
            }
            // ImageChecker.readFile, not FileManager: swift-foundation leaks 4 KiB on every empty file it reads.
            let data: [UInt8]
            switch ImageChecker.readFile(path) {
            case .success(let read): data = read
            case .failure(let failure):
                summary.problems.append(.init(file: filename, message: failure.message))
                continue
            }
            let result: EmbedResult
            do {
                result = try MetadataEmbedder.embed(data, metadata: EmbedMetadata(record: record, image: image))
            } catch {
                summary.problems.append(.init(file: filename, message: "\(error)"))
                continue
            }
            for warning in result.warnings { logger.warning("\(filename): \(warning)") }
            if result.changed {
                do {
                    try AtomicFile.write(result.bytes, to: path)
                } catch {
                    summary.problems.append(.init(file: filename, message: "\(error)"))
                    continue
                }
                summary.embedded += 1
            } else {
                summary.unchanged += 1
            }
            if result.hasGPano { summary.withGPano += 1 }
            if let reason = result.gpanoSkipped { summary.withoutGPano.append(.init(file: filename, message: reason)) }
            try catalog.recordEmbedded(id: record.id, bytes: Int64(result.bytes.count),
                                       sha256: result.changed ? SHA256Hex.of(result.bytes) : (record.sha256 ?? SHA256Hex.of(result.bytes)),
                                       embedded: result.summary, changed: result.changed)
            logger.info("\(filename): \(result.changed ? "embedded" : "already embedded") \(result.summary)")
        }
        return summary
    }
}
