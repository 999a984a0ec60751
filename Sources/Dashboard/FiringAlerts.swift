import Foundation
import PopStreamCore
import Store

/// A firing alert state, its id parsed: what the pages filter by area and year.
struct FiringAlert: Sendable {
    let alertId: String
    let indicator: IndicatorID
    let area: String
    let period: Period
    let severity: String?
    let since: String
    /// The last alert message; nil when the state was read without it (the shared snapshot of every firing
    /// alert is, to stay small: a page reads the messages of the alerts it lists, by id).
    let lastMessage: Data?

    /// The firing states of `states` whose id this version reads, critical first, then in indicator (catalog),
    /// area and period order.
    static func sorted(_ states: [AlertStateRecord]) -> [FiringAlert] {
        // Sort keys computed once per alert: a snapshot can hold tens of thousands.
        let catalogOrder = Dictionary(uniqueKeysWithValues: IndicatorID.allCases.enumerated().map { ($0.element, $0.offset) })
        var keyed: [(severity: Int, indicator: Int, alert: FiringAlert)] = []
        keyed.reserveCapacity(states.count)
        for state in states where state.isFiring {
            let parts = state.alertId.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, let indicator = IndicatorID(rawValue: String(parts[0])), let period = Period(String(parts[2])) else { continue }
            let alert = FiringAlert(alertId: state.alertId, indicator: indicator, area: String(parts[1]), period: period,
                                    severity: state.severity, since: state.since, lastMessage: state.lastMessage)
            keyed.append((state.severity == "critical" ? 0 : 1, catalogOrder[indicator, default: 0], alert))
        }
        keyed.sort { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
            if lhs.indicator != rhs.indicator { return lhs.indicator < rhs.indicator }
            if lhs.alert.area != rhs.alert.area { return lhs.alert.area < rhs.alert.area }
            return lhs.alert.period < rhs.alert.period
        }
        return keyed.map(\.alert)
    }
}

extension FiringAlert {
    /// The alerts of `alerts` (sorted) in `area` or below it and in a period of `year`, in the same order: the
    /// first `limit` of them, and the number left out.
    static func selected(_ alerts: [FiringAlert], within area: String, year: Int, registry: AreaRegistry,
                         limit: Int) -> (alerts: [FiringAlert], more: Int) {
        let subtree = Set(subtree(of: area, registry: registry, limit: .max) ?? [area])
        var chosen: [FiringAlert] = []
        var more = 0
        for alert in alerts where alert.period.year == year && subtree.contains(alert.area) {
            if chosen.count < limit { chosen.append(alert) } else { more += 1 }
        }
        return (chosen, more)
    }

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
