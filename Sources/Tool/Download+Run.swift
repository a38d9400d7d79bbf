import ArgumentParser
import Catalog
import Dispatch
import Fetch
import Foundation
import Imaging
#if canImport(Glibc)
import Glibc
#endif

extension Download {
    /// Runs the download (and then the checks), printing progress and summaries; returns the exit code.
    /// SIGINT cancels the running task: in-flight `.part` files are removed, the CSV is rendered, the summary
    /// printed, and the code is 130. A second SIGINT exits at once.
    /// - Parameter options: The download options.
    func perform(_ options: DownloadOptions) async throws -> Int32 {
        let out = options.outDirectory
        let checking = !noCheck && !metadataOnly
        let thumbnailFolder = checking && !check.noThumbnails ? DatasetCheck.defaultThumbnailDirectory(in: out) : nil
        let session = try DatasetSession(command: "download", root: out, csvPath: CatalogCSV.path(in: out),
                                         thumbnails: thumbnailFolder, token: options.token, createRoot: true)
        let reporter = DownloadReporter(progress: ProgressReporter())
        let interrupt = InterruptHandler()
        defer { interrupt.restore() }

        let downloadTask = Task { () async throws -> DownloadSummary in
            try await DownloadRun(options: options, store: session.catalog).run { reporter.show($0) }
        }
        interrupt.onInterrupt { downloadTask.cancel() }
        var summary: DownloadSummary
        switch await downloadTask.result {
        case .success(let value):
            summary = value
        case .failure(let error):
            reporter.finish()
            let code = Download.exitCode(for: error)
            if code == ToolExit.unreachable {
                // Nothing could work: leave no trace a first run made (an earlier dataset stays as it was).
                session.discardIfEmpty()
                if let thumbnailFolder { rmdir(thumbnailFolder) }
                rmdir(out)
            } else if code != ToolExit.usage {
                // Nothing of this run is lost: what is in the catalogue is rendered.
                _ = try? session.render(command: "download")
            }
            return code
        }
        reporter.finish()
        summary.csvPath = session.csvPath
        summary.notes = session.notes + summary.notes
        if summary.interrupted || interrupt.fired {
            try session.render(command: "download")
            FileHandleOutput.standardOutput(DownloadReporter.render(summary, options: options))
            return ToolExit.interrupted
        }
        FileHandleOutput.standardOutput(DownloadReporter.render(summary, options: options))

        var strictFailure = summary.failed > 0
        // With --embed-metadata: check (the pixels decide GPano), embed, then check the rewritten files again
        // (incremental: only they are read) so the CSV shows the embedded GPano.
        let embedding = embedMetadata && !metadataOnly
        for pass in (checking ? (embedding ? [1, 2] : [1]) : []) {
            if pass == 2 {
                let embedded = try await Embed.perform(session: session, logging: logging, command: "download", interrupt: interrupt)
                Embed.print(embedded, json: false, command: "download")
                strictFailure = strictFailure || !embedded.problems.isEmpty
                if interrupt.fired || embedded.interrupted { try session.render(command: "download"); return ToolExit.interrupted }
            }
            let run = DatasetCheck(directory: out, thumbnailDirectory: thumbnailFolder, options: check.checkOptions,
                                   jobs: check.jobs, logger: logging.logger("mly360.check"))
            let checkTask = Task { () async throws -> CheckSummary in try await Check.perform(run, session: session) }
            interrupt.onInterrupt { checkTask.cancel() }
            switch await checkTask.result {
            case .success(var checked):
                try session.render(command: "download")
                checked.csvPath = session.csvPath
                if pass == 1 || checked.checked > 0 { Check.print(checked, json: false) }
                if interrupt.fired { return ToolExit.interrupted }
                strictFailure = strictFailure || checked.strictFailure
            case .failure(let error):
                _ = try? session.render(command: "download")
                if interrupt.fired { return ToolExit.interrupted }
                if let code = error as? ExitCode { return code.rawValue }
                FileHandleOutput.standardError("mly360 download: the checks failed: \(error)")
                return ToolExit.localIO
            }
        }
        if !checking {
            if embedding {
                let embedded = try await Embed.perform(session: session, logging: logging, command: "download", interrupt: interrupt)
                Embed.print(embedded, json: false, command: "download")
                strictFailure = strictFailure || !embedded.problems.isEmpty
            }
            try session.render(command: "download")
        }
        if summary.discoveryError != nil { return ToolExit.strictFailure }
        if strict && strictFailure { return ToolExit.strictFailure }
        return ToolExit.completed
    }

    /// The exit code (and message on standard error) for an error that stopped the run.
    static func exitCode(for error: any Error, command: String = "download") -> Int32 {
        if let code = error as? ExitCode { return code.rawValue }
        guard let error = error as? FetchError else {
            FileHandleOutput.standardError("mly360 \(command): \(error)")
            return error is CancellationError ? ToolExit.interrupted : ToolExit.localIO
        }
        FileHandleOutput.standardError("mly360 \(command): \(error.description)")
        switch error {
        case .authRejected: return ToolExit.tokenRejected
        case .unreachable: return ToolExit.unreachable
        case .io: return ToolExit.localIO
        case .invalidInput: return ToolExit.usage
        case .cancelled: return ToolExit.interrupted
        default: return ToolExit.strictFailure
        }
    }
}
