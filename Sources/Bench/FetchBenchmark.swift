import Foundation
import MapillarySimulator

/// Issue 3 §7: `mly360 download` against the in-process simulator.
struct FetchBenchmark {
    let settings: BenchSettings
    let report: Report

    func run() async {
        report.heading("Part 2 — fetch: mly360 download against the simulator (issue 3 §7)")
        report.line("not yet written")
    }
}
