import Foundation

/// Commands started together (one per core, say) and timed as one: wall clock from the first start to the last
/// exit, peak RSS as the sum of the members' peaks (what they can occupy at once).
struct ProcessGroup: Sendable {
    /// One member: executable, arguments, extra environment.
    struct Member: Sendable {
        var executable: String
        var arguments: [String]
        var environment: [String: String] = [:]
    }

    /// The members.
    var members: [Member]

    /// Human-readable command lines, one per member.
    var commandLines: [String] {
        members.map { member in
            let env = member.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value) " }.joined()
            return env + ([member.executable] + member.arguments).map(ChildProcess.quoted).joined(separator: " ")
        }
    }

    /// Runs every member at once; output of member i goes to `logPrefix.i.out/.err`. Returns wall seconds, summed
    /// peak RSS in KiB, summed CPU seconds, and a failure description when any member exited non-zero.
    func run(logPrefix: String) async throws -> (seconds: Double, rssKiB: Int, cpuSeconds: Double, failure: String?) {
        let start = DispatchTime.now().uptimeNanoseconds
        var children: [ChildProcess] = []
        for (index, member) in members.enumerated() {
            children.append(try ChildProcess.spawn(
                member.executable, member.arguments, environment: member.environment,
                standardOutput: "\(logPrefix).\(index).out", standardError: "\(logPrefix).\(index).err",
                measureMemory: true))
        }
        var outcomes: [ChildProcess.Outcome] = []
        for child in children { outcomes.append(await child.waitAsync()) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let failed = zip(children, outcomes).enumerated().first { !$0.element.1.succeeded }
        let failure = failed.map { index, pair in
            let errorText = (try? String(contentsOfFile: "\(logPrefix).\(index).err", encoding: .utf8)) ?? ""
            let tail = errorText.split(separator: "\n").suffix(3).joined(separator: " | ")
            return "\(pair.0.commandLine) exited with status \(pair.1.status)\(tail.isEmpty ? "" : ": " + tail)"
        }
        return (seconds, outcomes.reduce(0) { $0 + $1.maxRSSKiB }, outcomes.reduce(0) { $0 + $1.cpuSeconds }, failure)
    }
}
