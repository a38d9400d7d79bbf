import Catalog
#if canImport(Glibc)
import Glibc
#endif

extension FuzzTarget {
    /// The file the CSV target writes each input to (and removes after reading): one per process, in
    /// memory when /dev/shm exists.
    public static let csvScratchPath: String = {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(folder)/mly360-fuzz-csv-\(getpid()).csv"
    }()

    static func runCSV(_ bytes: [UInt8]) {
        let descriptor = open(csvScratchPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(descriptor >= 0, "cannot write \(csvScratchPath): errno \(errno)")
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        precondition(written == bytes.count, "short write to \(csvScratchPath)")
        defer { unlink(csvScratchPath) }
        guard let reader = try? CSVReader(path: csvScratchPath) else { return }
        var rows = 0
        while let row = try? reader.next() {
            rows += 1
            precondition(reader.line >= rows, "line \(reader.line) behind row \(rows)")
            _ = row.count
        }
    }
}
