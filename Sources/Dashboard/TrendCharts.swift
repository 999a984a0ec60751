import PopStreamCore
import Reporting

/// The monthly trend of the year: one small chart per indicator with monthly figures (yearly-only indicators
/// have none), the twelve months across, the value as a line with points coloured by status, each month's 95%
/// interval as a light whisker, and the target as a dashed line.
struct TrendCharts: Sendable {
    let text: DashboardText

    private static let plotLeft = 38.0
    private static let plotRight = 292.0
    private static let plotTop = 10.0
    private static let plotBottom = 112.0

    func html(_ monthly: [IndicatorID: [IndicatorRow]]) -> String {
        let shown = IndicatorID.allCases.filter { !(monthly[$0]?.isEmpty ?? true) }
        guard !shown.isEmpty else { return "<p class=\"empty\">" + HTMLText.escaped(text.noMonthly) + "</p>\n" }
        var html = "<div class=\"trends\">\n"
        for indicator in shown { html += chart(indicator, rows: monthly[indicator] ?? []) }
        return html + "</div>\n"
    }

    private func chart(_ indicator: IndicatorID, rows: [IndicatorRow]) -> String {
        let labels = text.labels
        let target = rows.compactMap(\.target).first
        let scale = ValueScale.trend(rows, target: target?.value, unit: indicator.unit)
        let y = { (value: Double) in scale.position(value, from: Self.plotBottom, to: Self.plotTop) }
        let x = { (month: Int) in Self.plotLeft + Double(month - 1) * (Self.plotRight - Self.plotLeft) / 11 }
        let unit = indicator.measure == .ratio ? "" : " (" + labels.unit(indicator.unit) + ")"
        var svg = "<svg class=\"trend\" viewBox=\"0 0 300 132\" width=\"300\" height=\"132\" role=\"img\" aria-label=\""
            + HTMLText.escaped(text.trend + ": " + labels.name(indicator)) + "\">"
        for tick in scale.ticks {
            let at = SVGNumber.text(y(tick))
            svg += "<line class=\"grid\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"" + at + "\" x2=\"\(SVGNumber.text(Self.plotRight))\" y2=\""
                + at
                + "\"/><text class=\"tick\" x=\"34\" y=\"" + SVGNumber.text(y(tick) + 3) + "\" text-anchor=\"end\">"
                + HTMLText.escaped(labels.number(tick)) + "</text>"
        }
        for month in 1...12 {
            svg += "<text class=\"tick\" x=\"" + SVGNumber.text(x(month)) + "\" y=\"126\" text-anchor=\"middle\">\(month)</text>"
        }
        if let target {
            let at = SVGNumber.text(y(target.value))
            svg += "<line class=\"target-line\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"" + at + "\" x2=\""
                + SVGNumber.text(Self.plotRight) + "\" y2=\""
                + at + "\"><title>" + HTMLText.escaped(labels.target + " " + labels.target(target)) + "</title></line>"
        }
        var path = ""
        var previous: Int?
        for row in rows {
            guard let value = row.value else { continue }
            let month = row.period.index
            if let lower = row.lower, let upper = row.upper {
                svg += "<line class=\"ci\" x1=\"" + SVGNumber.text(x(month)) + "\" y1=\"" + SVGNumber.text(y(lower)) + "\" x2=\""
                    + SVGNumber.text(x(month)) + "\" y2=\"" + SVGNumber.text(y(upper)) + "\"/>"
            }
            path += (previous == month - 1 ? " L" : " M") + SVGNumber.text(x(month)) + " " + SVGNumber.text(y(value))
            previous = month
        }
        if !path.isEmpty { svg += "<path class=\"line\" d=\"" + String(path.dropFirst()) + "\"/>" }
        for row in rows {
            guard let value = row.value else { continue }
            svg += "<circle class=\"point status-" + row.status.rawValue + "\" cx=\"" + SVGNumber.text(x(row.period.index)) + "\" cy=\""
                + SVGNumber.text(y(value)) + "\" r=\"3.5\"><title>" + HTMLText.escaped(text.period(row.period) + ": "
                + labels.value(row.value, unit: row.unit) + " · " + labels.status(row.status)) + "</title></circle>"
        }
        svg += "</svg>"
        return "<figure class=\"trend-card\" data-indicator=\"" + indicator.rawValue + "\"><figcaption><span class=\"num\">"
            + String(IndicatorBars.number(indicator)) + "</span> " + HTMLText.escaped(labels.name(indicator) + unit) + "</figcaption>"
            + svg + "</figure>\n"
    }
}
