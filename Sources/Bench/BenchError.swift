/// A failure that stops one part of the benchmark; its text is a sentence for the report.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong and where.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
