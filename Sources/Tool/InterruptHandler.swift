import Dispatch
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT into a callback (the default action, killing the process, would skip the clean stop).
/// The first SIGINT calls the registered handler; a second one exits with 130 at once.
///
/// `@unchecked Sendable`: the only non-`Sendable` member is the dispatch source, which is immutable after
/// `init` and whose methods (`cancel`) are thread-safe by GCD's contract; all mutable state is in an `NIOLockedValueBox` (a pthread mutex, which ThreadSanitizer sees; see `make test-sanitize`).
final class InterruptHandler: @unchecked Sendable {
    private let source: any DispatchSourceSignal
    private let state = NIOLockedValueBox<(handler: (@Sendable () -> Void)?, count: Int)>((nil, 0))

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.fire() }
        source.resume()
    }

    private func fire() {
        let (handler, count) = state.withLockedValue { value -> ((@Sendable () -> Void)?, Int) in
            value.count += 1
            return (value.handler, value.count)
        }
        if count > 1 {
            FileHandleOutput.standardError("\nmly360: interrupted again, exiting now.")
            exit(ToolExit.interrupted)
        }
        FileHandleOutput.standardError("\nmly360: stopping cleanly (Ctrl-C again to quit at once)…")
        handler?()
    }

    /// Whether SIGINT arrived.
    var fired: Bool { state.withLockedValue { $0.count > 0 } }

    /// Sets what the next SIGINT does (called at once if one already arrived).
    func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        let already = state.withLockedValue { value -> Bool in
            value.handler = handler
            return value.count > 0
        }
        if already { handler() }
    }

    /// Stops listening and restores the default SIGINT action.
    func restore() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
