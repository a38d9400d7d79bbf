import Foundation

extension DownloadRun {
    /// Runs discovery, storing each batch in the state and queueing it for download. Closes the queue when
    /// discovery ends, however it ends. An API error that survived its retries is recorded (the downloads of
    /// what was found go on); token, unreachable API, local I/O, input errors and cancellation are rethrown.
    func discover(_ context: Context) async throws(FetchError) {
        let graph = context.graph.logging(to: options.logger)
        let tiles = options.discoveryMode.usesTiles
            ? TileClient(graph: graph, baseURL: options.effectiveTilesURL, perMinute: options.tileRate) : nil
        let discovery = Discovery(client: graph, ledger: context.state, cellSize: options.cellSize,
                                  logger: options.logger, mode: options.discoveryMode, tiles: tiles,
                                  tileCache: context.state as? any TileCache)
        let metadataOnly = options.metadataOnly
        let tally = context.tally
        do {
            let stats = try await discovery.run(
                options.source, filter: options.filter, maxImages: options.maxImages,
                progress: { tally.setDiscovery($0) },
                onImages: { images in
                    try context.state.storeImages(images, discoveredAt: Date())
                    guard !metadataOnly else { return }
                    let added = await context.queue.push(images.map(\.id))
                    tally.addQueued(added)
                })
            await context.queue.close()
            tally.finishDiscovery(stats: stats, error: nil)
        } catch {
            await context.queue.close()
            switch error {
            case .authRejected, .unreachable, .io, .invalidInput, .cancelled:
                tally.finishDiscovery(stats: nil, error: nil)
                throw error
            default:
                tally.finishDiscovery(stats: nil, error: error.description)
            }
        }
    }

    /// Calls `progress` every ``DownloadOptions/progressInterval`` until the pipeline is done or cancelled.
    func tick(_ context: Context, progress: @Sendable (DownloadProgress) -> Void) async {
        while !context.tally.pipelineDone {
            do {
                try await Task.sleep(for: options.progressInterval)
            } catch {
                return
            }
            if context.tally.pipelineDone { return }
            progress(context.tally.snapshot())
        }
    }

    /// A download worker: takes ids from the queue until it is closed and drained, or the task is cancelled.
    func work(_ context: Context) async throws(FetchError) {
        while let id = await context.queue.next() {
            if Task.isCancelled { return }
            try await process(id, context)
        }
    }
}
