import ArgumentParser
import Dispatch
import Fetch
import Foundation
import Imaging
#if canImport(Glibc)
import Glibc
#endif

extension Download {
    /// Runs the download (and then the checks), printing progress and summaries; returns the exit code.
    /// SIGINT cancels the running task: in-flight `.part` files are removed, the CSV is written, the summary
    /// printed, and the code is 130. A second SIGINT exits at once.
    /// - Parameter options: The download options.
    func perform(_ options: DownloadOptions) async -> Int32 {
        let reporter = DownloadReporter(progress: ProgressReporter())
        let interrupt = InterruptHandler()
        defer { interrupt.restore() }

        let downloadTask = Task { () async throws -> DownloadSummary in
            try await DownloadRun(options: options).run { reporter.show($0) }
        }
        interrupt.onInterrupt { downloadTask.cancel() }
        let summary: DownloadSummary
        switch await downloadTask.result {
        case .success(let value):
            summary = value
        case .failure(let error):
            reporter.finish()
            return Download.exitCode(for: error)
        }
        reporter.finish()
        FileHandleOutput.standardOutput(DownloadReporter.render(summary, options: options))
        if summary.interrupted || interrupt.fired { return ToolExit.interrupted }

        var strictFailure = summary.failed > 0
        if !noCheck && !metadataOnly {
            let run = CheckRun(directory: options.outDirectory, csvPath: MetadataCSV.path(in: options.outDirectory),
                               thumbnailDirectory: check.noThumbnails ? nil : options.outDirectory + "/thumbnails",
                               options: check.checkOptions, jobs: check.jobs)
            let checkTask = Task { () async throws -> CheckSummary in try await Check.perform(run, json: false) }
            interrupt.onInterrupt { checkTask.cancel() }
            switch await checkTask.result {
            case .success(let checked):
                if interrupt.fired { return ToolExit.interrupted }
                strictFailure = strictFailure || checked.strictFailure
            case .failure(let error):
                if interrupt.fired { return ToolExit.interrupted }
                if let code = error as? ExitCode { return code.rawValue }
                FileHandleOutput.standardError("mly360 download: the checks failed: \(error)")
                return ToolExit.localIO
            }
        }
        if summary.discoveryError != nil { return ToolExit.strictFailure }
        if strict && strictFailure { return ToolExit.strictFailure }
        return ToolExit.completed
    }

    /// The exit code (and message on standard error) for an error that stopped the run.
    static func exitCode(for error: any Error) -> Int32 {
        guard let error = error as? FetchError else {
            FileHandleOutput.standardError("mly360 download: \(error)")
            return error is CancellationError ? ToolExit.interrupted : ToolExit.localIO
        }
        FileHandleOutput.standardError("mly360 download: \(error.description)")
        switch error {
        case .authRejected: return ToolExit.tokenRejected
        case .io: return ToolExit.localIO
        case .invalidInput: return ToolExit.usage
        case .cancelled: return ToolExit.interrupted
        default: return ToolExit.strictFailure
        }
    }
}
