import Foundation

/// What the benchmark ran on: cores, CPU, memory, kernel and the versions of every program it compares.
enum MachineFacts {
    /// Prints the facts into the report.
    static func print(into report: Report, tools: [(name: String, path: String?, versionArguments: [String])],
                      scratch: String) async {
        report.heading("Machine")
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" }
            ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memTotal = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .map { $0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "?" } ?? "unknown"
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "unknown")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        report.line("  cores (nproc):  \(ProcessInfo.processInfo.activeProcessorCount)")
        report.line("  CPU model:      \(model)")
        report.line("  memory:         \(memTotal)")
        report.line("  kernel:         Linux \(kernel)")
        report.line("  date:           \(ISO8601DateFormatter().string(from: Date()))")
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
        report.line("  load average:   \(load.joined(separator: " ")) at start (other work on the machine skews every figure)")
        report.line()
        for tool in tools {
            guard let path = tool.path else {
                report.line("  \(tool.name.padding(toLength: 14, withPad: " ", startingAt: 0))  not found")
                continue
            }
            let version = await firstVersionLine(path, tool.versionArguments, scratch: scratch)
            report.line("  \(tool.name.padding(toLength: 14, withPad: " ", startingAt: 0))  \(version)   (\(path))")
        }
    }

    /// The first non-empty line a program prints for its version option (stdout, else stderr).
    static func firstVersionLine(_ path: String, _ arguments: [String], scratch: String) async -> String {
        guard let result = try? await ChildProcess.capture(path, arguments, scratch: scratch) else { return "?" }
        let text = result.output.isEmpty ? result.error : result.output
        return text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
    }
}
