import Foundation
import PopStreamCore

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

    /// The alerts of `alerts` (sorted) in `area` or below it and in a period of `year`, in the same order; at most
    /// `limit` of them with their message decoded, and the number left out.
    static func selected(_ alerts: [FiringAlert], within area: String, year: Int, registry: AreaRegistry,
                         limit: Int) -> (entries: [AlertEntry], more: Int) {
        let decoder = JSONDecoder()
        var entries: [AlertEntry] = []
        var more = 0
        for alert in alerts where alert.period.year == year && registry.isSelfOrDescendant(alert.area, of: area) {
            guard entries.count < limit else {
                more += 1
                continue
            }
            entries.append(AlertEntry(indicator: alert.indicator, area: alert.area, period: alert.period, severity: alert.severity,
                                      since: alert.since,
                                      message: alert.lastMessage.flatMap { try? decoder.decode(AlertMessage.self, from: $0) }))
        }
        return (entries, more)
    }
}
