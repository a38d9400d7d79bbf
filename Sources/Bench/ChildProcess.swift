#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One child process started with `posix_spawn`, waited for with `wait4` so that its own peak RSS is known.
///
/// Foundation's `Process` does not expose `rusage`; `wait4` returns it per child, which is exactly what the
/// benchmark reports (`ru_maxrss`, in KiB on Linux).
struct ChildProcess: Sendable {
    /// What a finished child left behind.
    struct Outcome: Sendable {
        /// Exit status (0…255), or 128 + signal number when it was killed.
        var status: Int32
        /// Peak resident set size of this child, in KiB (`ru_maxrss`).
        var maxRSSKiB: Int
        /// CPU seconds (user + system) of this child.
        var cpuSeconds: Double = 0
        /// True when the child exited normally with status 0.
        var succeeded: Bool { status == 0 }
    }

    /// The process id.
    let pid: pid_t
    /// The command line, for error messages and the report.
    let commandLine: String
    /// Where GNU time writes the child's peak RSS, when the child runs under it.
    let rssFile: String?

    /// GNU time, when installed: the only reliable way to get a child's own peak RSS from a large parent.
    ///
    /// `posix_spawn` starts children with vfork semantics, and on exec Linux folds the old address space's
    /// high-water mark into the child's `ru_maxrss`, so `wait4` would report at least the *benchmark's* RSS
    /// (which holds the simulator's JPEGs). GNU time is small and forks its child from itself, so `%M` is the
    /// child's own peak.
    static let gnuTime: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    /// Starts `executable` with `arguments`; standard output and error go to the given files (created or truncated),
    /// or to /dev/null when nil. `environment` entries replace or add to the current environment.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        standardOutput: String? = nil, standardError: String? = nil, measureMemory: Bool = false
    ) throws -> ChildProcess {
        let shownLine = ([executable] + arguments).map(Self.quoted).joined(separator: " ")
        var executable = executable
        var arguments = arguments
        var rssFile: String?
        if measureMemory, let time = gnuTime {
            let file = NSTemporaryDirectory() + "mly360-bench-rss-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            arguments = ["-f", "%M %U %S", "-o", file, executable] + arguments
            executable = time
            rssFile = file
        }
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, standardOutput ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&fileActions, 2, standardError ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = argv.withUnsafeMutableBufferPointer { argvBuffer in
            envp.withUnsafeMutableBufferPointer { envpBuffer in
                // Both arrays hold at least their nil terminator, so the base addresses exist.
                guard let argvBase = argvBuffer.baseAddress, let envpBase = envpBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &fileActions, nil, argvBase, envpBase)
            }
        }
        guard rc == 0 else {
            throw BenchError("Could not start \(shownLine): \(String(cString: strerror(rc))).")
        }
        return ChildProcess(pid: pid, commandLine: shownLine, rssFile: rssFile)
    }

    /// Blocks until the child ends and returns its status and peak RSS.
    func wait() -> Outcome {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return Outcome(status: 255, maxRSSKiB: 0) }
        }
        return outcome(status: status, usage: usage)
    }

    /// The outcome if the child has ended (it is then reaped), nil while it runs.
    func poll() -> Outcome? {
        var status: Int32 = 0
        var usage = rusage()
        let rc = wait4(pid, &status, WNOHANG, &usage)
        if rc == 0 || (rc < 0 && errno == EINTR) { return nil }
        if rc < 0 { return Outcome(status: 255, maxRSSKiB: 0) }
        return outcome(status: status, usage: usage)
    }

    /// Decodes a wait status; the peak RSS comes from GNU time's file when the child ran under it.
    private func outcome(status: Int32, usage: rusage) -> Outcome {
        let signal = status & 0x7f
        let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        guard let rssFile else { return Outcome(status: code, maxRSSKiB: Int(usage.ru_maxrss), cpuSeconds: cpu) }
        defer { unlink(rssFile) }
        // GNU time's last line is "%M %U %S" (a line before it says so if the child was killed by a signal).
        let text = (try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? ""
        let fields = text.split(separator: "\n").last?.split(separator: " ") ?? []
        guard fields.count == 3, let rss = Int(fields[0]), let user = Double(fields[1]), let system = Double(fields[2]) else {
            return Outcome(status: code, maxRSSKiB: 0, cpuSeconds: cpu)
        }
        return Outcome(status: code, maxRSSKiB: rss, cpuSeconds: user + system)
    }

    /// Waits on a dedicated thread so that no thread of Swift's cooperative pool is blocked (the in-process
    /// simulator and its clients may need those).
    func waitAsync() async -> Outcome {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.wait()) }
            thread.start()
        }
    }

    /// Runs a command to completion and returns its outcome plus what it wrote to standard output and error
    /// (captured through files in `scratch`).
    static func capture(
        _ executable: String, _ arguments: [String], scratch: String, environment: [String: String] = [:]
    ) async throws -> (outcome: Outcome, output: String, error: String) {
        let out = scratch + "/capture-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        let err = out + ".err"
        defer {
            unlink(out)
            unlink(err)
        }
        let child = try spawn(executable, arguments, environment: environment, standardOutput: out, standardError: err)
        let outcome = await child.waitAsync()
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let error = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        return (outcome, output, error)
    }

    /// Shell-style quoting, only for display.
    static func quoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,%+@".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
