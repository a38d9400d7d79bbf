@testable import Catalog
import Fetch
import Foundation
import Imaging
import Testing

@Suite("The offline review page (mly360 report)")
struct ReportTests {
    typealias F = CatalogFixtures

    /// An API record at a position, in a sequence, captured at `time` (epoch ms).
    static func apiImage(_ id: String, lon: Double, lat: Double, sequence: String, time: Int64, creator: String = "trekviewhq") -> String {
        #"{"id":"\#(id)","captured_at":\#(time),"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"is_pano":true,"#
            + #""camera_type":"spherical","creator":{"username":"\#(creator)","id":"7"},"sequence":"\#(sequence)","width":5760,"height":2880}"#
    }

    static func store(_ texts: [String], in catalog: Catalog) throws {
        try catalog.storeImages(try texts.map { try MapillaryImage(json: try JSONParser.parse(Array($0.utf8)), raw: $0) })
    }

    /// A checked folder (ok, damaged, unreadable local files with thumbnails) plus API records with positions,
    /// two sequences, an id above 2^53 and a creator name that tries to close the script element.
    static func mixedFolder() async throws -> String {
        let folder = try DatasetCheckTests.sampleFolder()
        try await F.check(folder)
        let catalog = try Catalog(folder: folder)
        try store([
            apiImage("1001", lon: 13.40, lat: 52.50, sequence: "seqA", time: 1_600_000_000_000),
            apiImage("1002", lon: 13.401, lat: 52.501, sequence: "seqA", time: 1_600_000_001_000),
            apiImage("1003", lon: 13.402, lat: 52.5005, sequence: "seqA", time: 1_600_000_002_000),
            apiImage("26774514888887982", lon: 13.41, lat: 52.51, sequence: "seqB", time: 1_650_000_000_000,
                     creator: "</script><b>&amp;"),
        ], in: catalog)
        try CatalogCSV.render(catalog, to: CatalogCSV.path(in: folder), root: folder)
        return folder
    }

    /// The value of `attribute` on every element of the DOM that has it.
    static func values(of attribute: String, in dom: String) -> [String] {
        dom.components(separatedBy: attribute + "=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("the JSON embedded in the page cannot close its script element and round-trips every value")
    func embeddedJSON() async throws {
        let folder = try await Self.mixedFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try Catalog(folder: folder)
        let outcome = try ReportPage.write(catalog, root: folder, to: folder + "/report.html", title: "A <b>&</b> title")
        #expect(outcome.images == 9 && outcome.located == 4)
        let page = try String(contentsOfFile: outcome.path, encoding: .utf8)
        let start = try #require(page.range(of: #"<script type="application/json" id="mly360-data">"#))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let json = String(page[start.upperBound..<end.lowerBound])
        #expect(!json.contains("<"), "no '<' survives unescaped inside the data")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "A <b>&</b> title")
        let fields = try #require(object["fields"] as? [String])
        let rows = try #require(object["rows"] as? [[Any]])
        #expect(rows.count == 9)
        let id = try #require(fields.firstIndex(of: "id")), creator = try #require(fields.firstIndex(of: "creator"))
        let lat = try #require(fields.firstIndex(of: "lat"))
        let big = try #require(rows.first { $0[id] as? String == "26774514888887982" }, "ids stay strings, exactly")
        #expect(big[creator] as? String == "</script><b>&amp;")
        #expect((big[lat] as? NSNumber)?.doubleValue == 52.51)
        #expect(page.contains("<title>A &lt;b&gt;&amp;&lt;/b&gt; title — mly360 review</title>"))
        #expect(ReportData.isJSONNumber("-0.5463367458184") && ReportData.isJSONNumber("1e-7") && !ReportData.isJSONNumber("1.")
                && !ReportData.isJSONNumber("0x10") && !ReportData.isJSONNumber("NaN") && !ReportData.isJSONNumber("01"))
    }

    @Test("rendered by headless Chromium: summary counts match the catalogue, cards and map marks, no network request",
          .enabled(if: HeadlessChromium.executable != nil, "chromium is not installed (make setup installs it)"))
    func browser() async throws {
        let folder = try await Self.mixedFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/review", withIntermediateDirectories: true)
        let outcome = try ReportPage.write(try Catalog(folder: folder), root: folder, to: folder + "/review/page.html", title: "mixed")
        let rendering = try HeadlessChromium.render(outcome.path)
        let dom = rendering.dom
        #expect(dom.contains(#"data-ready="true""#), "the page's script ran to the end")

        // The expected counts, from the CSV rendered from the same catalogue.
        let rows = try F.table(CatalogCSV.path(in: folder)).rows
        var statuses: [String: Int] = [:]
        for row in rows { statuses[row["jpeg_status"].flatMap { $0.isEmpty ? nil : $0 } ?? "(not checked)", default: 0] += 1 }
        let buttons = dom.components(separatedBy: "<button").dropFirst().filter { $0.contains(#"data-filter-kind="status""#) }
        var shown: [String: Int] = [:]
        for button in buttons {
            let value = Self.values(of: "data-filter-value", in: button).first ?? ""
            shown[value] = Int(Self.values(of: "data-count", in: button).first ?? "")
        }
        #expect(shown == statuses)
        #expect(shown["ok"] == 3 && shown["damaged"] == 1 && shown["unreadable"] == 1 && shown["(not checked)"] == 4)
        #expect(dom.contains(#"<div data-fact="images"><dt>images</dt><dd>9</dd></div>"#))
        #expect(dom.contains(#"<div data-fact="sequences"><dt>sequences</dt><dd>2</dd></div>"#))

        let cards = Self.values(of: "data-image-id", in: dom.components(separatedBy: #"id="gallery""#).last ?? "")
        #expect(Set(cards) == Set(rows.compactMap { $0["id"] }), "one card per image")
        #expect(cards.first == rows.first { $0["jpeg_status"] == "unreadable" }?["id"], "worst first")
        let located = rows.filter { Double($0["latitude"] ?? "") != nil && Double($0["longitude"] ?? "") != nil }.count
        #expect(Self.values(of: "data-marks", in: dom) == ["\(located)"] && located == 4)
        #expect(dom.contains(#"href="https://www.mapillary.com/app/?pKey=26774514888887982""#))
        #expect(dom.contains(#"src="../thumbnails/"#), "thumbnails are referenced relative to the page")
        #expect(rendering.pageRequests.isEmpty, "the page asked the network for \(rendering.pageRequests)")

        // The detector itself sees a page that does reach out.
        let control = folder + "/control.html"
        try Data(#"<html><body><img src="http://canary.invalid/x.png"><script>fetch("https://canary.invalid/y")</script></body></html>"#.utf8)
            .write(to: URL(fileURLWithPath: control))
        let reaching = try HeadlessChromium.render(control, budget: 1500)
        #expect(Set(reaching.pageRequests) == ["http://canary.invalid/x.png", "https://canary.invalid/y"])
    }

    @Test("a large dataset: the first page shows 48 cards of all, and the rest come on demand",
          .enabled(if: HeadlessChromium.executable != nil, "chromium is not installed (make setup installs it)"))
    func paged() async throws {
        let folder = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try Catalog(folder: folder)
        try Self.store((0..<130).map { index in
            Self.apiImage("\(5000 + index)", lon: 2.35 + Double(index) * 1e-4, lat: 48.85, sequence: "s\(index / 40)",
                          time: 1_600_000_000_000 + Int64(index) * 1000)
        }, in: catalog)
        let outcome = try ReportPage.write(catalog, root: folder, to: folder + "/report.html", title: "paris")
        let dom = try HeadlessChromium.render(outcome.path).dom
        let cards = Self.values(of: "data-image-id", in: dom.components(separatedBy: #"id="gallery""#).last ?? "")
        #expect(cards.count >= 48 && cards.count < 130, "paged: \(cards.count) cards on first render")
        #expect(Self.values(of: "data-marks", in: dom) == ["130"])
        #expect(dom.contains("of 130 (worst first)"))
    }
}
