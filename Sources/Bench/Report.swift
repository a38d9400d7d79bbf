import Foundation

/// The benchmark's report: every line goes to standard output at once and is kept for `report.txt`.
final class Report {
    private var lines: [String] = []

    /// Prints a line (or several) and keeps it.
    func line(_ text: String = "") {
        lines.append(text)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A section heading.
    func heading(_ text: String) {
        line()
        line(text)
        line(String(repeating: "=", count: text.count))
    }

    /// A progress note on standard error only (not part of the report).
    func note(_ text: String) {
        FileHandle.standardError.write(Data(("  … " + text + "\n").utf8))
    }

    /// Prints an aligned table: the first row is the header; columns after the first are right-aligned.
    func table(_ rows: [[String]]) {
        guard let header = rows.first else { return }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func render(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        line("  " + render(header))
        line("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows.dropFirst() { line("  " + render(row)) }
    }

    /// Writes everything printed so far to `path` (replacing it).
    func write(to path: String) throws {
        let text = lines.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
