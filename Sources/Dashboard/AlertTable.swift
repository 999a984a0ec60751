import PopStreamCore
import Reporting

/// The firing alerts of the area and the areas below it in the year: severity, indicator, area (a link),
/// period, the value and target that made it fire, and since when.
struct AlertTable: Sendable {
    let text: DashboardText
    let links: DashboardLinks
    let registry: AreaRegistry

    func html(_ page: AreaPage) -> String {
        let labels = text.labels
        guard !page.alerts.isEmpty else {
            return "<p class=\"empty\">" + HTMLText.escaped(text.noAlerts + " " + String(page.year)) + ".</p>\n"
        }
        var html = "<p class=\"scope\">" + HTMLText.escaped(text.alertsScope + " " + String(page.year)) + ".</p>\n"
        html += "<div class=\"table-wrap\"><table class=\"alerts\">\n<thead><tr><th>" + HTMLText.escaped(text.severity) + "</th><th>"
            + HTMLText.escaped(labels.indicator) + "</th><th>" + HTMLText.escaped(labels.area) + "</th><th>" + HTMLText.escaped(labels.period)
            + "</th><th>" + HTMLText.escaped(labels.value) + "</th><th>" + HTMLText.escaped(labels.target) + "</th><th>"
            + HTMLText.escaped(text.since)
            + "</th></tr></thead>\n<tbody>\n"
        for alert in page.alerts {
            let severityClass = alert.severity == "critical" ? "status-breach" : "status-at_risk"
            let name = registry.area(alert.area)?.name ?? alert.message?.area.name ?? alert.area
            let value = alert.message.map { labels.value($0.value, unit: $0.unit) } ?? labels.none
            let target = alert.message.map { labels.target($0.target) } ?? labels.none
            html += "<tr data-alert=\"" + HTMLText.escaped(alert.indicator.rawValue + "|" + alert.area + "|" + alert.period.description) + "\">"
                + "<td><span class=\"badge " + severityClass + "\">" + HTMLText.escaped(text.severity(alert.severity)) + "</span></td>"
                + "<td>" + HTMLText.escaped(labels.name(alert.indicator)) + "</td>"
                + "<td><a href=\"" + HTMLText.escaped(links.area(alert.area)) + "\">" + HTMLText.escaped(name) + "</a> <span class=\"code\">"
                + HTMLText.escaped(alert.area) + "</span></td>"
                + "<td>" + HTMLText.escaped(text.period(alert.period)) + "</td><td class=\"num\">" + HTMLText.escaped(value) + "</td><td>"
                + HTMLText.escaped(target) + "</td><td class=\"since\">" + HTMLText.escaped(alert.since) + "</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        if page.moreAlerts > 0 {
            html += "<p class=\"more\">+ " + String(page.moreAlerts) + " " + HTMLText.escaped(text.moreAlerts) + "</p>\n"
        }
        return html
    }
}
