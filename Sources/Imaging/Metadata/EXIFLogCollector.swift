/// Collects libexif log lines ("corrupt data", "no memory") during one `exif_data_load_data`.
///
/// libexif calls back synchronously on the loading thread; one collector serves one load and is never shared,
/// so it need not be `Sendable`.
final class EXIFLogCollector {
    /// The most messages kept; the rest are counted.
    static let maximumMessages = 20

    private(set) var messages: [String] = []
    private var dropped = 0

    /// Records one message, deduplicated and capped.
    func record(domain: String, message: String) {
        let line = "libexif \(domain): \(message)"
        guard !messages.contains(line) else { return }
        if messages.count < Self.maximumMessages {
            messages.append(line)
        } else {
            dropped += 1
        }
    }

    /// The kept messages plus a count of the dropped ones.
    var warnings: [String] {
        dropped == 0 ? messages : messages + ["libexif: \(dropped) more messages not shown"]
    }
}
