import PopStreamCore
import Reporting

/// The HTML of an area page: breadcrumb up to the root, the area's name, level and year (with a year picker),
/// the legend, then the indicators against their targets, the monthly trend, the areas below and the firing
/// alerts.
struct AreaPageView: Sendable {
    let text: DashboardText
    let links: DashboardLinks
    let registry: AreaRegistry
    /// The years offered by the year picker.
    let years: [Int]

    func html(_ page: AreaPage) -> String {
        let layout = PageLayout(text: text)
        let area = page.area
        var controls = "<nav class=\"crumbs\" aria-label=\"breadcrumb\">"
        for ancestor in page.ancestors {
            controls += "<a href=\"" + HTMLText.escaped(links.area(ancestor.code)) + "\">" + HTMLText.escaped(ancestor.name) + "</a> › "
        }
        controls += "<span aria-current=\"page\">" + HTMLText.escaped(area.name) + "</span></nav>\n"
        controls += "<div class=\"title-row\"><h1>" + HTMLText.escaped(area.name) + " <span class=\"code\">" + HTMLText.escaped(area.code)
            + "</span></h1><span class=\"level\">" + HTMLText.escaped(text.level(area.level)) + " · " + HTMLText.escaped(text.year) + " "
            + String(page.year) + "</span>" + yearPicker(area.code, selected: page.year) + "</div>\n"
        if let badges = StatusBadges(text: text).html(page.yearly) {
            controls += "<p class=\"overview\">" + HTMLText.escaped(text.overview) + " " + badges + "</p>\n"
        }
        controls += layout.legend
        var body = "<section id=\"indicators\"><h2>" + HTMLText.escaped(text.indicators + " · " + String(page.year)) + "</h2>\n"
        if page.yearly.isEmpty {
            body += "<p class=\"empty\">" + HTMLText.escaped(text.noFiguresYear + " " + String(page.year)) + ".</p>\n"
        } else {
            body += IndicatorBars(text: text).html(page.yearly)
        }
        body += "</section>\n<section id=\"trend\"><h2>" + HTMLText.escaped(text.trend + " · " + String(page.year)) + "</h2>\n"
            + TrendCharts(text: text).html(page.monthly) + "</section>\n"
        if !page.children.isEmpty {
            body += "<section id=\"children\"><h2>" + HTMLText.escaped(text.children + " (" + String(page.children.count) + ")") + "</h2>\n"
                + ChildrenTable(text: text, links: links).html(page) + "</section>\n"
        }
        if page.yearly.contains(where: { !$0.exact }) || page.children.contains(where: { (page.childRows[$0.code] ?? []).contains { !$0.exact } }) {
            body += "<p class=\"approximate-note\">" + HTMLText.escaped(text.labels.approximateNote) + "</p>\n"
        }
        body += "<section id=\"alerts\"><h2>" + HTMLText.escaped(text.alerts) + "</h2>\n"
            + AlertTable(text: text, links: links, registry: registry).html(page) + "</section>\n"
        let other: ReportLanguage = text.language == .vi ? .en : .vi
        return layout.document(title: area.name + " · " + String(page.year), controls: controls, body: body,
                               alternate: links.area(area.code, language: other), year: page.year)
    }

    /// A form that reloads the page for another year (a button, so it works without script).
    private func yearPicker(_ code: String, selected: Int) -> String {
        var html = "<form class=\"year\" method=\"get\" action=\"" + HTMLText.escaped("/areas/" + HTMLText.urlComponent(code)) + "\"><label>"
            + HTMLText.escaped(text.year) + " <select name=\"year\">"
        for year in years {
            html += "<option value=\"\(year)\"" + (year == selected ? " selected" : "") + ">\(year)</option>"
        }
        html += "</select></label>"
        if text.language != .vi { html += "<input type=\"hidden\" name=\"lang\" value=\"" + text.language.rawValue + "\">" }
        return html + " <button type=\"submit\">" + HTMLText.escaped(text.show) + "</button></form>"
    }
}
