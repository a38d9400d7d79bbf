/// The review page's style sheet (inline; no web font, nothing fetched).
enum ReportStyle {
    static let source = """
:root { --ink: #1d232b; --muted: #5d6670; --line: #d9dde2; --paper: #fbfbf9; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--paper); }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); background: #fff; }
h1 { font-size: 20px; margin: 0 0 2px; } h2 { font-size: 16px; margin: 0 0 8px; } h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 8px 0 0; min-width: 11em; }
.meta { color: var(--muted); margin: 0; font-size: 12px; }
main { padding: 16px 24px 40px; display: grid; gap: 18px; }
#summary { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 10px; }
.facts div { min-width: 90px; } .facts dt { color: var(--muted); font-size: 12px; } .facts dd { margin: 0; font-size: 18px; font-weight: 600; }
.counts { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 0; border-top: 1px solid #eef0f2; }
button { font: inherit; cursor: pointer; }
.count { border: 1px solid var(--line); background: #f6f7f8; border-radius: 14px; padding: 2px 10px; }
.count b { font-weight: 600; } .count[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.mapbox { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
.maptools { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 8px; }
.key { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px; color: var(--muted); font-size: 12px; }
.key i { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
#map { position: relative; height: 420px; border-radius: 6px; overflow: hidden; }
#map canvas { width: 100%; height: 100%; display: block; touch-action: none; cursor: crosshair; }
#scale { position: absolute; left: 12px; bottom: 10px; border: 2px solid #333; border-top: 0; font-size: 11px; line-height: 1.2; padding: 0 4px 2px; text-align: center; background: rgba(255,255,255,.75); }
.empty { position: absolute; inset: 0; display: grid; place-items: center; color: var(--muted); } .empty[hidden] { display: none; }
.tools { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; }
#search { padding: 6px 10px; min-width: 280px; border: 1px solid var(--line); border-radius: 6px; }
#shown { color: var(--muted); }
#gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; cursor: pointer; }
.card:focus { outline: 2px solid var(--accent); }
.card.rank-0, .card.rank-1, .card.rank-2 { border-left: 4px solid #d73027; } .card.rank-3, .card.rank-4, .card.rank-5 { border-left: 4px solid #f46d43; } .card.rank-6 { border-left: 4px solid #fdae61; }
.thumb { aspect-ratio: 2 / 1; background: #e9ebee; display: grid; place-items: center; overflow: hidden; }
.thumb img { width: 100%; height: 100%; object-fit: contain; display: block; } .nothumb { color: var(--muted); }
.body { padding: 8px 10px 10px; } .id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
.badges { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0; }
.badge { font-size: 11px; padding: 1px 7px; border-radius: 10px; background: #eceff2; }
.verdict-confirmed, .status-ok, .download-downloaded { background: #d9f0d3; } .verdict-likely, .verdict-partial { background: #eaf5d5; }
.verdict-inconsistent, .verdict-no, .status-unreadable, .status-damaged, .status-missing, .download-failed { background: #fbd5cf; }
[class*="flag-"] { background: #fde7c2; }
.reason, .problem, .warnings, .small { margin: 3px 0; font-size: 12px; } .problem { color: #a02a1d; } .warnings { color: #8a5a00; } .small { color: var(--muted); }
.file { word-break: break-all; } a { color: var(--accent); font-size: 12px; }
#more { margin: 14px auto 0; display: block; padding: 6px 18px; }
dialog { max-width: min(960px, 94vw); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
dialog .close { float: right; border: 0; background: none; font-size: 22px; }
dialog img.large { width: 100%; border-radius: 4px; } dialog table { border-collapse: collapse; margin-top: 8px; font-size: 12px; }
dialog th { text-align: left; color: var(--muted); padding: 1px 12px 1px 0; vertical-align: top; } dialog td { word-break: break-all; }
"""
}
