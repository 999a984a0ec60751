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

    /// The entries of `alerts`, in the same order, each with its message decoded: the alert's own, else the
    /// one `messages` holds for its id.
    static func entries(_ alerts: [FiringAlert], messages: [String: Data]) -> [AlertEntry] {
        let decoder = JSONDecoder()
        return alerts.map { alert in
            let bytes = alert.lastMessage ?? messages[alert.alertId]
            return AlertEntry(indicator: alert.indicator, area: alert.area, period: alert.period, severity: alert.severity,
                              since: alert.since, message: bytes.flatMap { try? decoder.decode(AlertMessage.self, from: $0) })
        }
    }
}
