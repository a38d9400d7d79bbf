import Logging
import NIOConcurrencyHelpers

/// The records a ``CapturingLogHandler`` received, shared by every copy of its logger.
final class LogRecords: Sendable {
    /// One log record, with its metadata rendered as text.
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The message and every metadata key and value, for searching.
        var allText: String {
            ([message] + metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private let records = NIOLockedValueBox<[Record]>([])

    /// A logger (level `.trace`) whose records land here.
    var logger: Logger {
        var logger = Logger(label: "mly360-test", factory: { _ in CapturingLogHandler(records: self) })
        logger.logLevel = .trace
        return logger
    }

    /// Adds a record.
    func append(_ record: Record) {
        records.withLockedValue { $0.append(record) }
    }

    /// Every record so far, in order.
    var all: [Record] { records.withLockedValue { $0 } }

    /// The records at `level` whose message contains `text`.
    func messages(at level: Logger.Level, containing text: String) -> [String] {
        all.filter { $0.level == level && $0.message.contains(text) }.map(\.message)
    }
}
