import Foundation
import PopStreamCore
import Store

/// A firing alert as the dashboard lists it: the alert id's parts, its severity and, from the last alert
/// message sent for it, the value and target that made it fire.
struct AlertEntry: Sendable {
    let indicator: IndicatorID
    let area: String
    let period: Period
    let severity: String?
    let since: String
    /// The last alert message, when kept and readable.
    let message: AlertMessage?

    /// The firing alerts of `states` in `area` or below it and in a period of `year`, critical first, then in
    /// indicator (catalog), area and period order; at most `limit` of them decoded, with the number left out.
    static func firing(_ states: [AlertStateRecord], within area: String, year: Int, registry: AreaRegistry,
                       limit: Int) -> (entries: [AlertEntry], more: Int) {
        var selected: [(record: AlertStateRecord, indicator: IndicatorID, area: String, period: Period)] = []
        for state in states where state.isFiring {
            let parts = state.alertId.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, let indicator = IndicatorID(rawValue: String(parts[0])), let period = Period(String(parts[2])),
                  period.year == year, registry.isSelfOrDescendant(String(parts[1]), of: area) else { continue }
            selected.append((state, indicator, String(parts[1]), period))
        }
        let order = Dictionary(uniqueKeysWithValues: IndicatorID.allCases.enumerated().map { ($0.element, $0.offset) })
        selected.sort { lhs, rhs in
            let left = lhs.record.severity == "critical" ? 0 : 1, right = rhs.record.severity == "critical" ? 0 : 1
            if left != right { return left < right }
            if lhs.indicator != rhs.indicator { return order[lhs.indicator, default: 0] < order[rhs.indicator, default: 0] }
            if lhs.area != rhs.area { return lhs.area < rhs.area }
            return lhs.period < rhs.period
        }
        let decoder = JSONDecoder()
        let entries = selected.prefix(limit).map { item in
            AlertEntry(indicator: item.indicator, area: item.area, period: item.period, severity: item.record.severity,
                       since: item.record.since,
                       message: item.record.lastMessage.flatMap { try? decoder.decode(AlertMessage.self, from: $0) })
        }
        return (entries, selected.count - entries.count)
    }
}
