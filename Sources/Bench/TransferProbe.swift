import Foundation
import MapillarySimulator

/// Measures the transfer time of one served image: fetches its signed `thumb_original_url` from the Graph API,
/// then downloads it several times with curl (which times the transfer itself, without its own start-up).
struct TransferProbe {
    /// Median and minimum seconds of the downloads, and the body size in bytes.
    struct Result {
        var median: Double
        var minimum: Double
        var bytes: Int
        var samples: Int
    }

    let curl: String
    let scratch: String

    /// Times `count` downloads of image `id` from `simulator`.
    func measure(simulator: MapillarySimulator, id: String, count: Int) async throws -> Result {
        let lookup = try await ChildProcess.capture(curl, [
            "-s", "-f", "-H", "Authorization: OAuth \(simulator.configuration.token)",
            "\(simulator.graphURL)/\(id)?fields=id,thumb_original_url",
        ], scratch: scratch)
        guard lookup.outcome.succeeded,
              let object = try? JSONSerialization.jsonObject(with: Data(lookup.output.utf8)) as? [String: Any],
              let url = object["thumb_original_url"] as? String
        else {
            throw BenchError("The simulator gave no thumb_original_url for image \(id) (curl status \(lookup.outcome.status)).")
        }
        var seconds: [Double] = []
        var bytes = 0
        for _ in 0..<count {
            let fetch = try await ChildProcess.capture(curl, [
                "-s", "-f", "-o", "/dev/null", "-w", "%{time_total} %{size_download}", url,
            ], scratch: scratch)
            let fields = fetch.output.split(separator: " ")
            guard fetch.outcome.succeeded, fields.count == 2, let time = Double(fields[0]), let size = Int(fields[1]) else {
                throw BenchError("Downloading \(url) with curl failed (status \(fetch.outcome.status)): \(fetch.error.prefix(200))")
            }
            seconds.append(time)
            bytes = size
        }
        let samples = Samples(seconds: seconds)
        return Result(median: samples.median, minimum: samples.minimum, bytes: bytes, samples: count)
    }
}
