import PopStreamCore
import Reporting

/// The frame of every dashboard page: the document head with its inline style sheet (no external asset: the
/// page works offline), the header with the search form and the language switch, and the footer.
struct PageLayout: Sendable {
    let text: DashboardText

    /// A whole document: `title` in the head, `header` (controls: breadcrumb, year) and `body` inside.
    /// `alternate` is the same page in the other language.
    func document(title: String, controls: String, body: String, alternate: String, year: Int?) -> String {
        let language = text.language
        var html = "<!doctype html>\n<html lang=\"" + language.rawValue + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>" + HTMLText.escaped(title) + " · PopStream</title>\n<style>\n" + Self.styleSheet + "</style>\n</head>\n<body>\n"
        html += "<header class=\"top\"><a class=\"brand\" href=\"/" + (language == .vi ? "" : "?lang=en") + "\">"
        html += HTMLText.escaped(text.appTitle) + "</a>"
        html += "<form class=\"search\" method=\"get\" action=\"/\"><label>" + HTMLText.escaped(text.search)
            + " <input type=\"search\" name=\"area\" placeholder=\"" + HTMLText.escaped(text.searchPlaceholder) + "\"></label>"
        if let year { html += "<input type=\"hidden\" name=\"year\" value=\"\(year)\">" }
        if language != .vi { html += "<input type=\"hidden\" name=\"lang\" value=\"" + language.rawValue + "\">" }
        html += "<button type=\"submit\">" + HTMLText.escaped(text.show) + "</button></form>"
        html += "<a class=\"lang\" href=\"" + HTMLText.escaped(alternate) + "\" hreflang=\"" + (language == .vi ? "en" : "vi") + "\">"
            + HTMLText.escaped(text.otherLanguage) + "</a></header>\n"
        html += "<main>\n" + controls + body + "</main>\n"
        html += "<footer>" + HTMLText.escaped(text.footer)
            + " <a href=\"/api/v1/indicators\">/api/v1/indicators</a>, <a href=\"/api/v1/alerts?status=firing\">/api/v1/alerts</a>"
            + " (docs/openapi.yaml).</footer>\n</body>\n</html>\n"
        return html
    }

    /// The legend of statuses and marks, in this language.
    var legend: String {
        let labels = text.labels
        var html = "<div class=\"legend\"><span class=\"legend-title\">" + HTMLText.escaped(text.legend) + ":</span>"
        for status in [IndicatorStatus.ok, .atRisk, .breach, .insufficientData, .noTarget] {
            html += "<span class=\"key\"><span class=\"swatch status-" + status.rawValue + "\"></span>"
            html += HTMLText.escaped(labels.status(status)) + "</span>"
        }
        html += "<span class=\"key\"><svg width=\"14\" height=\"16\" viewBox=\"0 0 14 16\"><g class=\"target-marker\">"
            + "<line x1=\"7\" y1=\"2\" x2=\"7\" y2=\"16\"/>"
            + "<path d=\"M7 5 l-4 -5 h8 z\"/></g></svg>" + HTMLText.escaped(text.targetMarker) + "</span>"
        html += "<span class=\"key\"><svg width=\"26\" height=\"12\" viewBox=\"0 0 26 12\"><g class=\"whisker\">"
            + "<line x1=\"2\" y1=\"6\" x2=\"24\" y2=\"6\"/>"
            + "<line x1=\"2\" y1=\"1\" x2=\"2\" y2=\"11\"/><line x1=\"24\" y1=\"1\" x2=\"24\" y2=\"11\"/></g></svg>"
            + HTMLText.escaped(text.intervalWhisker) + "</span></div>\n"
        return html
    }

    static let styleSheet = """
    :root { --ok: #2e7d32; --at_risk: #e69500; --breach: #c62828; --insufficient_data: #a9b0b8; --no_target: #5b7db1;
            --ink: #1d2733; --muted: #5f6b7a; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.4 system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink); background: #f4f6f8; }
    header.top { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 20px; background: #0f4c75; color: #fff; }
    header.top a { color: #fff; }
    .brand { font-weight: 700; font-size: 16px; text-decoration: none; margin-right: auto; }
    .search input { width: 15em; padding: 3px 6px; }
    .search button, .year button { padding: 3px 10px; }
    main { padding: 12px 20px 24px; max-width: 1260px; }
    nav.crumbs { font-size: 13px; color: var(--muted); }
    nav.crumbs a { color: #0f4c75; }
    .title-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 14px; margin: 4px 0 8px; }
    h1 { font-size: 22px; margin: 0; }
    h1 .code, .code { color: var(--muted); font-weight: 400; font-size: 12px; }
    .level { color: var(--muted); }
    h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #d5dbe1; padding-bottom: 4px; }
    section { background: #fff; border: 1px solid #dde3e9; border-radius: 6px; padding: 4px 14px 12px; margin-top: 14px; }
    .overview { margin: 2px 0 6px; font-size: 13px; }
    .overview .badge { font-size: 12px; padding: 1px 8px; }
    .legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 6px 0; align-items: center; }
    .legend .key { display: inline-flex; align-items: center; gap: 5px; }
    .swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
    .bars { display: grid; grid-template-columns: minmax(220px, 1fr) 360px minmax(230px, 1fr); gap: 4px 14px; align-items: center; }
    .ind { display: contents; }
    .ind-name { font-size: 13px; }
    .ind-figures { font-size: 12px; color: var(--muted); }
    .ind-figures .value { font-weight: 700; font-size: 14px; color: var(--ink); }
    .num { display: inline-block; min-width: 1.6em; color: var(--muted); font-size: 11px; }
    .unit { color: var(--muted); }
    .badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11px; color: #fff; white-space: nowrap; }
    svg .track { fill: #eceff2; }
    svg .tick { font-size: 9px; fill: var(--muted); }
    .whisker line { stroke: var(--ink); stroke-width: 1.5; }
    .target-marker line { stroke: #111; stroke-width: 2.5; }
    .target-marker path { fill: #111; }
    .status-ok { background: var(--ok); fill: var(--ok); }
    .status-at_risk { background: var(--at_risk); fill: var(--at_risk); }
    .status-breach { background: var(--breach); fill: var(--breach); }
    .status-insufficient_data { background: var(--insufficient_data); fill: var(--insufficient_data); }
    .status-no_target { background: var(--no_target); fill: var(--no_target); }
    .ind.status-ok, .ind.status-at_risk, .ind.status-breach, .ind.status-insufficient_data, .ind.status-no_target { background: none; }
    .trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
    .trend-card { margin: 0; border: 1px solid #e3e8ed; border-radius: 4px; padding: 6px; }
    .trend-card figcaption { font-size: 12px; min-height: 2.8em; }
    svg .grid { stroke: #e3e8ed; }
    svg .target-line { stroke: #111; stroke-width: 1.5; stroke-dasharray: 5 3; }
    svg .line { fill: none; stroke: #0f4c75; stroke-width: 2; }
    svg .ci { stroke: #9fb6c9; stroke-width: 5; stroke-linecap: round; opacity: .6; }
    svg circle.point { stroke: #fff; stroke-width: 1; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; font-size: 12px; }
    th, td { padding: 3px 6px; border-bottom: 1px solid #e6eaee; text-align: left; }
    th.numcol { text-align: center; color: var(--muted); }
    td.cell { text-align: right; color: #fff; min-width: 48px; border: 1px solid #fff; }
    td.cell.empty { background: #f4f6f8; }
    td.summary .badge { margin-right: 2px; }
    td.num { text-align: right; }
    .none, .empty, .scope, .more { color: var(--muted); }
    form.year select { padding: 2px 4px; }
    footer { padding: 10px 20px 20px; font-size: 12px; color: var(--muted); }

    """
}
