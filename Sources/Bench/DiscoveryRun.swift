import Catalog
import Foundation
import MapillarySimulator

/// One `mly360` run against an in-process simulator, counted from the simulator's side (Graph requests by
/// kind, tile requests, 429 answers) and from the tool's own output (the ids in its CSV).
struct DiscoveryRun {
    /// Wall seconds from spawn to exit.
    var seconds = 0.0
    /// Exit status of mly360.
    var status: Int32 = 0
    /// Simulator statistics of this run alone (they are reset before it starts).
    var statistics = SimulatorStatistics()
    /// The image ids of the CSV mly360 wrote (one row per image it found).
    var ids: Set<String> = []
    /// The command line, with the simulator's token replaced.
    var commandLine = ""
    /// What mly360 printed on standard output (its summary).
    var output = ""
    /// The last lines mly360 printed on standard error.
    var errorTail = ""

    /// Graph API requests.
    var graphRequests: Int { statistics.totalGraphRequests }
    /// Coverage tile requests.
    var tileRequests: Int { statistics.tileRequests }
    /// Graph and tile requests together.
    var apiRequests: Int { graphRequests + tileRequests }

    /// The summary's `sources` line (how many sequences tiles and search named), empty when absent.
    var sourcesLine: String {
        output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("sources") }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// Runs `mly360 ARGUMENTS` to completion, resetting the simulator's statistics first, then reads the
    /// ids from `csv` when given. Output goes to `logPrefix.out` / `.err`.
    /// - Throws: ``BenchError`` when mly360 cannot be started or its CSV (expected after exit 0) cannot be read.
    static func run(mly360: String, arguments: [String], simulator: MapillarySimulator, csv: String?,
                    logPrefix: String) async throws -> DiscoveryRun {
        var result = DiscoveryRun()
        simulator.resetStatistics()
        let start = DispatchTime.now().uptimeNanoseconds
        let child = try ChildProcess.spawn(mly360, arguments, standardOutput: logPrefix + ".out",
                                           standardError: logPrefix + ".err")
        let outcome = await child.waitAsync()
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        result.statistics = simulator.statistics()
        result.status = outcome.status
        result.commandLine = child.commandLine.replacingOccurrences(
            of: ChildProcess.quoted(simulator.configuration.token), with: "<simulator token>")
        result.output = (try? String(contentsOfFile: logPrefix + ".out", encoding: .utf8)) ?? ""
        let error = (try? String(contentsOfFile: logPrefix + ".err", encoding: .utf8)) ?? ""
        result.errorTail = error.split(separator: "\n").suffix(3).joined(separator: " | ")
        if let csv, FileManager.default.fileExists(atPath: csv) {
            result.ids = try ids(inCSV: csv)
        } else if let csv, outcome.succeeded {
            throw BenchError("\(result.commandLine) exited 0 but wrote no CSV at \(csv).")
        }
        return result
    }

    /// The `id` column of a mly360 CSV.
    /// - Throws: ``BenchError`` naming the file and the cause when it cannot be read or has no `id` column.
    static func ids(inCSV path: String) throws -> Set<String> {
        do {
            let reader = try CSVReader(path: path)
            guard let header = try reader.next(), let column = header.firstIndex(of: "id") else {
                throw BenchError("The CSV \(path) has no id column.")
            }
            var ids = Set<String>()
            while let row = try reader.next() {
                if column < row.count { ids.insert(row[column]) }
            }
            return ids
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("The CSV \(path) could not be read: \(error).")
        }
    }
}
