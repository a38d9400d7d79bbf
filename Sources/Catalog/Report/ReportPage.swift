import Fetch
import Foundation
import Imaging

/// `mly360 report`: one self-contained, offline HTML review page of a dataset folder's catalogue — summary
/// counts that filter, a map of every located image with its sequences, and a worst-first gallery of image
/// cards — with all CSS, script and data inline and thumbnails referenced relatively.
///
/// The page requests nothing from the network: its Content-Security-Policy allows no connection and only
/// local images, and it loads no library. The data (one compact row per image, from the same table as the
/// CSV) is embedded once as JSON in a `<script type="application/json">` element and rendered by the page's
/// own script.
public enum ReportPage {
    /// The file name of the page inside a dataset folder.
    public static let fileName = "report.html"

    /// Writes the review page of `catalog` to `path`, atomically (temporary file, fsync, rename).
    /// - Parameters:
    ///   - catalog: The folder's catalogue.
    ///   - root: The dataset folder (record file names are relative to it).
    ///   - path: Where the page goes; thumbnails and files are referenced relative to its folder.
    ///   - title: The page's title (the folder's name, say).
    ///   - generated: When it was made, as shown on the page.
    /// - Returns: What was written.
    /// - Throws: ``CatalogError`` when the catalogue cannot be read or the page cannot be written (a previous
    ///   page is then untouched).
    @discardableResult
    public static func write(_ catalog: Catalog, root: String, to path: String, title: String,
                             generated: Date = Date()) throws(CatalogError) -> ReportOutcome {
        let absolute = PathMath.absolute(path)
        let table = try CatalogTable(catalog)
        let areas = try catalog.discoveredAreas()
        let stamp = generated.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon)).replacingOccurrences(of: "T", with: " ") + " UTC"
        let data = try ReportData(catalog: catalog, table: table, root: root, relativeTo: PathMath.parent(of: absolute),
                                  title: title, areas: areas, generated: stamp)
        let page = html(title: title, stamp: stamp, data: data)
        do {
            try AtomicFile.write(page, to: absolute)
        } catch {
            throw .io(path: absolute, message: "cannot write the report: \(error)")
        }
        return ReportOutcome(path: absolute, images: data.images, located: data.located, bytes: page.count)
    }

    /// The whole page.
    static func html(title: String, stamp: String, data: ReportData) -> [UInt8] {
        let name = MarkupText.escaped(title)
        var page = Array("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="mly360">
            <title>\(name) — mly360 review</title>
            <style>\(ReportStyle.source)</style>
            </head>
            <body>
            <header><h1>\(name)</h1><p class="meta">mly360 review page · \(data.images) images · generated \(MarkupText.escaped(stamp)) · works offline</p></header>
            <main>
            <section id="summary" aria-label="Summary"><noscript>This page needs JavaScript to show its data.</noscript></section>
            <section class="mapbox" aria-label="Map">
            <div class="maptools"><label>Colour by <select id="colour"><option value="verdict">verdict</option><option value="status">JPEG status</option><option value="download">download</option><option value="flags">QA flags</option></select></label>
            <button type="button" id="zoom-in" aria-label="zoom in">+</button><button type="button" id="zoom-out" aria-label="zoom out">−</button><button type="button" id="zoom-fit">fit</button>
            <span id="legend"></span><span class="key">— sequence · ┅ source area · drag to pan, wheel to zoom, click a mark for its card</span></div>
            <div id="map" data-marks="0"><canvas></canvas><div id="scale"></div><div class="empty" hidden>No image has a position.</div></div>
            </section>
            <section aria-label="Gallery">
            <div class="tools"><input id="search" type="search" placeholder="Search id, file name or creator" aria-label="search"><button type="button" id="clear">Clear filter</button><span id="shown"></span></div>
            <div id="gallery"></div>
            <button type="button" id="more">Show more</button>
            </section>
            </main>
            <dialog id="detail"></dialog>
            <script type="application/json" id="mly360-data">
            """.utf8)
        page += data.json
        page += Array("</script>\n<script>\n".utf8)
        page += Array(ReportScript.source.utf8)
        page += Array("</script>\n</body>\n</html>\n".utf8)
        return page
    }
}
