import Foundation
import NIOConcurrencyHelpers

/// Shows progress of long work: a line rewritten in place at most four times a second on a terminal, and a
/// plain line every few seconds otherwise (logs and CI stay readable). Writes to standard error.
final class ProgressReporter: Sendable {
    private struct State {
        var lastDraw = 0.0
        var drawn = false
    }

    private let interactive: Bool
    private let plainInterval: Double
    private let state: NIOLockedValueBox<State>

    /// - Parameters:
    ///   - interactive: draw in place (default: standard error is a terminal).
    ///   - plainInterval: seconds between plain lines when not interactive.
    init(interactive: Bool = FileHandleOutput.isTerminal(2), plainInterval: Double = 5) {
        self.interactive = interactive
        self.plainInterval = plainInterval
        // Plain lines start after one interval, so short runs print only their summary.
        state = NIOLockedValueBox(State(lastDraw: interactive ? 0 : Date().timeIntervalSinceReferenceDate))
    }

    /// Offers a new status line; it is shown if enough time has passed since the last one.
    func update(_ line: @autoclosure () -> String) {
        let now = Date().timeIntervalSinceReferenceDate
        let due = state.withLockedValue { state -> Bool in
            guard now - state.lastDraw >= (interactive ? 0.25 : plainInterval) else { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard due else { return }
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line()).utf8))
        } else {
            FileHandleOutput.standardError(line())
        }
    }

    /// Clears the in-place line so the summary starts on a clean line.
    func finish() {
        let drawn = state.withLockedValue { $0.drawn }
        if interactive, drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// `12.3 MB`-style sizes.
    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if value >= 1e9 { return String(format: "%.2f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.0f kB", value / 1e3) }
        return "\(count) B"
    }

    /// `1 h 02 min`, `3 min 05 s` or `42 s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return "\(s) s"
    }
}
