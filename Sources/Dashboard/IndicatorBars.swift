import PopStreamCore
import Reporting

/// The area's yearly figures: one row per indicator, its value drawn as a horizontal bar coloured by status,
/// its 95% interval as whiskers, its target as a dark marker, and the figures in words beside it.
struct IndicatorBars: Sendable {
    let text: DashboardText

    private static let width = 360.0
    private static let height = 40.0
    private static let left = 6.0
    private static let right = 354.0

    func html(_ rows: [IndicatorRow]) -> String {
        var html = "<div class=\"bars\">\n"
        for row in rows { html += self.row(row) }
        return html + "</div>\n"
    }

    private func row(_ row: IndicatorRow) -> String {
        let labels = text.labels
        let status = row.status.rawValue
        let name = HTMLText.escaped(labels.name(row.indicator))
        let unit = row.indicator.measure == .ratio ? "" : " <span class=\"unit\">(" + HTMLText.escaped(labels.unit(row.unit)) + ")</span>"
        var figures = "<span class=\"value\">" + HTMLText.escaped(valueText(row)) + "</span>"
        if row.unit == .count {
            figures += " <span class=\"note\">" + HTMLText.escaped(text.countNote) + "</span>"
        } else if row.lower != nil {
            let interval = labels.interval + " " + labels.interval(lower: row.lower, upper: row.upper)
            let counts = labels.counts(numerator: row.numerator, denominator: row.denominator)
            figures += " <span class=\"ci\">" + HTMLText.escaped(interval) + "</span> <span class=\"counts\">" + HTMLText.escaped(counts) + "</span>"
        } else {
            figures += " <span class=\"note\">" + HTMLText.escaped(text.noValue) + "</span>"
        }
        figures += "<br><span class=\"target\">" + HTMLText.escaped(labels.target) + " " + HTMLText.escaped(labels.target(row.target))
            + "</span> <span class=\"badge status-" + status + "\">" + HTMLText.escaped(labels.status(row.status)) + "</span>"
        return "<div class=\"ind status-" + status + "\" id=\"ind-" + row.indicator.rawValue + "\" data-indicator=\"" + row.indicator.rawValue
            + "\" data-status=\"" + status + "\"" + (row.exact ? "" : " data-exact=\"false\"") + ">\n<div class=\"ind-name\"><span class=\"num\">" + String(Self.number(row.indicator)) + "</span> "
            + name + unit + "</div>\n" + svg(row) + "\n<div class=\"ind-figures\">" + figures + "</div>\n</div>\n"
    }

    /// The position of an indicator in the catalog, from 1: the number the page refers to it by.
    static func number(_ indicator: IndicatorID) -> Int { (IndicatorID.allCases.firstIndex(of: indicator) ?? 0) + 1 }

    /// `61,40 %`, `104,5 bé trai/100 bé gái`, `3 số cặp`, or a dash.
    private func valueText(_ row: IndicatorRow) -> String {
        guard row.value != nil else { return text.labels.none }
        let unit = row.unit == .percent ? " %" : " " + text.labels.unit(row.unit)
        return (row.exact ? "" : text.labels.approximateMark + " ") + text.labels.value(row.value, unit: row.unit) + unit
    }

    private func svg(_ row: IndicatorRow) -> String {
        let scale = ValueScale.bar(row)
        let x = { (value: Double) in SVGNumber.text(scale.position(value, from: Self.left, to: Self.right)) }
        let status = row.status.rawValue
        let label = HTMLText.escaped(text.labels.name(row.indicator) + ": " + valueText(row) + ", " + text.labels.target + " "
                                     + text.labels.target(row.target) + ", " + text.labels.status(row.status))
        var svg = "<svg class=\"barchart\" viewBox=\"0 0 360 40\" width=\"360\" height=\"40\" role=\"img\" aria-label=\"" + label + "\">"
        svg += "<rect class=\"track\" x=\"6\" y=\"8\" width=\"348\" height=\"16\" rx=\"2\"/>"
        if let value = row.value {
            let end = scale.position(value, from: Self.left, to: Self.right)
            svg += "<rect class=\"bar status-" + status + "\" data-value=\"" + String(value) + "\" x=\"6\" y=\"8\" width=\""
                + SVGNumber.text(max(1.5, end - Self.left)) + "\" height=\"16\" rx=\"2\"/>"
        }
        if let lower = row.lower, let upper = row.upper {
            let from = x(lower), to = x(upper)
            svg += "<g class=\"whisker\"><line x1=\"" + from + "\" y1=\"16\" x2=\"" + to + "\" y2=\"16\"/><line x1=\"" + from
                + "\" y1=\"11\" x2=\"" + from + "\" y2=\"21\"/><line x1=\"" + to + "\" y1=\"11\" x2=\"" + to + "\" y2=\"21\"/></g>"
        }
        if let target = row.target {
            let at = x(target.value)
            svg += "<g class=\"target-marker\" data-target=\"" + String(target.value) + "\"><line x1=\"" + at + "\" y1=\"3\" x2=\"" + at
                + "\" y2=\"29\"/><path d=\"M" + at + " 6 l-4 -5 h8 z\"/></g>"
        }
        for (index, tick) in scale.ticks.enumerated() {
            let anchor = index == 0 ? "start" : (index == 2 ? "end" : "middle")
            svg += "<text class=\"tick\" x=\"" + x(tick) + "\" y=\"38\" text-anchor=\"" + anchor + "\">"
            svg += HTMLText.escaped(text.labels.number(tick)) + "</text>"
        }
        return svg + "</svg>"
    }
}
