import PopStreamCore
import Reporting

/// The areas below: one line per child (a link down), how many of its indicators are at each status, and its
/// yearly value of each indicator, the cell coloured by status. Columns are numbered as the indicators above.
struct ChildrenTable: Sendable {
    let text: DashboardText
    let links: DashboardLinks

    func html(_ page: AreaPage) -> String {
        let labels = text.labels
        let indicators = page.indicatorsShown
        var html = "<div class=\"table-wrap\"><table class=\"children\">\n<thead><tr><th>" + HTMLText.escaped(labels.area) + "</th><th>"
            + HTMLText.escaped(text.statusSummary) + "</th>"
        for indicator in indicators {
            html += "<th class=\"numcol\" title=\"" + HTMLText.escaped(labels.name(indicator)) + "\">"
            html += String(IndicatorBars.number(indicator)) + "</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for child in page.children {
            let rows = page.childRows[child.code] ?? []
            let byIndicator = Dictionary(rows.map { ($0.indicator, $0) }, uniquingKeysWith: { first, _ in first })
            let code = HTMLText.escaped(child.code)
            let badges = StatusBadges(text: text).html(rows) ?? "<span class=\"none\">" + HTMLText.escaped(text.noChildFigures) + "</span>"
            html += "<tr data-area=\"" + code + "\"><td class=\"area\"><a href=\"" + HTMLText.escaped(links.area(child.code)) + "\">"
            html += HTMLText.escaped(child.name) + "</a> <span class=\"code\">" + code + "</span></td>"
            html += "<td class=\"summary\">" + badges + "</td>"
            for indicator in indicators {
                if let row = byIndicator[indicator] {
                    html += "<td class=\"cell status-" + row.status.rawValue + "\" title=\"" + HTMLText.escaped(labels.name(indicator) + ": "
                        + labels.status(row.status)) + "\">" + HTMLText.escaped((row.exact ? "" : labels.approximateMark + " ")
                        + labels.value(row.value, unit: row.unit)) + "</td>"
                } else {
                    html += "<td class=\"cell empty\"></td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
