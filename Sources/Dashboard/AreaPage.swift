import PopStreamCore
import Reporting

/// Everything one area page shows, read for one area and one year.
struct AreaPage: Sendable {
    /// The area shown.
    let area: Area
    /// The area's ancestors, root first.
    let ancestors: [Area]
    /// The area's direct children, in registry order.
    let children: [Area]
    /// The year shown.
    let year: Int
    /// The area's yearly row of each indicator with figures, in catalog order.
    let yearly: [IndicatorRow]
    /// The area's monthly rows of each indicator with figures, months in order.
    let monthly: [IndicatorID: [IndicatorRow]]
    /// The children's yearly rows, by child code.
    let childRows: [String: [IndicatorRow]]
    /// The firing alerts of the area and below, in periods of the year.
    let alerts: [AlertEntry]
    /// Firing alerts left out of ``alerts``.
    let moreAlerts: Int

    /// The page's data from one read of the area's year and the store's alert states.
    init(area: Area, registry: AreaRegistry, year: Int, figures: AreaYearFigures, alerts: (entries: [AlertEntry], more: Int)) {
        self.area = area
        self.ancestors = registry.ancestors(of: area.code).reversed()
        self.children = registry.children(of: area.code)
        self.year = year
        self.yearly = figures.own.filter { $0.period.granularity == .year }
        var monthly: [IndicatorID: [IndicatorRow]] = [:]
        for row in figures.own where row.period.granularity == .month { monthly[row.indicator, default: []].append(row) }
        self.monthly = monthly.mapValues { $0.sorted { $0.period < $1.period } }
        self.childRows = Dictionary(grouping: figures.children, by: \.area)
        self.alerts = alerts.entries
        self.moreAlerts = alerts.more
    }

    /// The indicators with a yearly row here or in a child, in catalog order.
    var indicatorsShown: [IndicatorID] {
        var present = Set(yearly.map(\.indicator))
        for rows in childRows.values { present.formUnion(rows.map(\.indicator)) }
        return IndicatorID.allCases.filter { present.contains($0) }
    }
}
