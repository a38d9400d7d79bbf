import Foundation
import Testing
@testable import Catalog

@Suite("CSV reader and writer")
struct CSVTests {
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "mly360-csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("round-trips fields with commas, quotes, line breaks and UTF-8")
    func roundTrip() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a.csv"
        let rows: [[String]] = [
            ["id", "raw_json", "note"],
            ["1", #"{"a":[1,2],"b":"x, \"y\""}"#, "line one\nline two"],
            ["2", "", "Zürich — 北京"],
            ["3", "\r\n", "trailing,"],
        ]
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.write(row) }
        try writer.commit()

        let reader = try CSVReader(path: path)
        var read: [[String]] = []
        while let row = try reader.next() { read.append(row) }
        #expect(read == rows)
    }

    @Test("reads LF files, a BOM and a last line without a line end")
    func lenientInput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/b.csv"
        try Data([0xEF, 0xBB, 0xBF] + Array("id,filename\n1,\"a.jpg\"\n2,b.jpg".utf8)).write(to: URL(fileURLWithPath: path))
        let reader = try CSVReader(path: path)
        #expect(try reader.next() == ["id", "filename"])
        #expect(try reader.next() == ["1", "a.jpg"])
        #expect(try reader.next() == ["2", "b.jpg"])
        #expect(try reader.next() == nil)
    }

    @Test("an unclosed quote is a malformed-CSV error naming the line")
    func unclosedQuote() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/c.csv"
        try Data("id,x\n1,\"never closed\n2,3\n".utf8).write(to: URL(fileURLWithPath: path))
        let reader = try CSVReader(path: path)
        _ = try reader.next()
        #expect(throws: CatalogError.malformedCSV(path: path, line: 2, reason: "a quoted field never closes")) {
            _ = try reader.next()
        }
    }

    @Test("rows larger than the read buffer stream correctly")
    func largeFields() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/d.csv"
        let big = String(repeating: "x,\"y\"\n", count: 40_000)
        let writer = try CSVWriter(path: path)
        for index in 0..<3 { try writer.write(["\(index)", big]) }
        try writer.commit()
        let reader = try CSVReader(path: path)
        var count = 0
        while let row = try reader.next() {
            #expect(row == ["\(count)", big])
            count += 1
        }
        #expect(count == 3)
    }

    @Test("nothing appears under the final name until commit; an abandoned writer leaves no file")
    func atomicity() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/e.csv"
        try Data("old\r\n".utf8).write(to: URL(fileURLWithPath: path))
        var temporary = ""
        do {
            let writer = try CSVWriter(path: path)
            temporary = writer.temporaryPath
            try writer.write(["new"])
            #expect(FileManager.default.fileExists(atPath: temporary))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\r\n")
        }
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["e.csv"])
    }

    @Test("a writer in a missing folder fails with the path and the cause")
    func unwritable() {
        #expect(throws: CatalogError.unwritable(path: "/nonexistent-mly360/x.csv", errno: ENOENT)) {
            _ = try CSVWriter(path: "/nonexistent-mly360/x.csv")
        }
    }

    @Test("numbers are written without exponents or float noise", arguments: [
        (52.4434523, "52.4434523"), (-0.0703, "-0.0703"), (0.0, "0"), (-0.0, "0"), (1e-9, "0"), (89.426, "89.426"),
    ])
    func numbers(value: Double, text: String) {
        #expect(QAColumns.number(value) == text)
    }
}
