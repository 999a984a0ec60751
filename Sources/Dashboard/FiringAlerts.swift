import Foundation
import PopStreamCore
import Store

/// A firing alert state, its id parsed: what the pages filter by area and year.
struct FiringAlert: Sendable {
    let indicator: IndicatorID
    let area: String
    let period: Period
    let severity: String?
    let since: String
    let lastMessage: Data?

    /// The firing states of `states` whose id this version reads, critical first, then in indicator (catalog),
    /// area and period order.
    static func sorted(_ states: [AlertStateRecord]) -> [FiringAlert] {
        var alerts: [FiringAlert] = []
        alerts.reserveCapacity(states.count)
        for state in states where state.isFiring {
            let parts = state.alertId.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, let indicator = IndicatorID(rawValue: String(parts[0])), let period = Period(String(parts[2])) else { continue }
            alerts.append(FiringAlert(indicator: indicator, area: String(parts[1]), period: period, severity: state.severity,
                                      since: state.since, lastMessage: state.lastMessage))
        }
        let order = Dictionary(uniqueKeysWithValues: IndicatorID.allCases.enumerated().map { ($0.element, $0.offset) })
        alerts.sort { lhs, rhs in
            let left = lhs.severity == "critical" ? 0 : 1, right = rhs.severity == "critical" ? 0 : 1
            if left != right { return left < right }
            if lhs.indicator != rhs.indicator { return order[lhs.indicator, default: 0] < order[rhs.indicator, default: 0] }
            if lhs.area != rhs.area { return lhs.area < rhs.area }
            return lhs.period < rhs.period
        }
        return alerts
    }
}

extension FiringAlert {
    /// Every alert id a page of `areas` in `year` can list: each indicator, each area, the year, its quarters and
    /// its months (`indicator|area|period`, contract section 6).
    static func ids(areas: [String], year: Int) -> [String] {
        var periods = [Period.year(year)]
        periods += (1...4).compactMap { Period.quarter(year, $0) }
        periods += (1...12).compactMap { Period.month(year, $0) }
        var ids: [String] = []
        ids.reserveCapacity(areas.count * IndicatorID.allCases.count * periods.count)
        for area in areas {
            for indicator in IndicatorID.allCases {
                for period in periods { ids.append(indicator.rawValue + "|" + area + "|" + period.description) }
            }
        }
        return ids
    }

    /// The area and the areas below it, when there are at most `limit` of them; `nil` otherwise.
    static func subtree(of area: String, registry: AreaRegistry, limit: Int) -> [String]? {
        var found = [area]
        var next = 0
        while next < found.count {
            for child in registry.children(of: found[next]) {
                found.append(child.code)
                if found.count > limit { return nil }
            }
            next += 1
        }
        return found
    }
}
