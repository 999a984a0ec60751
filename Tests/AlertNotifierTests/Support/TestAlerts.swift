import Foundation
import PopStreamCore

/// Alert messages as the workers publish them (built with `AlertMessage`, serialised with `jsonBytes()`).
enum TestAlerts {
    /// A message for `indicator` in `area` (default: a commune of Hà Nội in the bundled map) and period 2025.
    static func message(
        indicator: IndicatorID = .newbornScreeningCoverage, area: String = "00004", areaName: String = "Phường Ba Đình",
        level: String = "commune", sequence: Int, status: AlertStatus = .firing, severity: AlertSeverity = .critical,
        value: Double? = 61.4, since: Date = Date()
    ) -> AlertMessage {
        let sinceText = AlertTimestamp.format(epochSeconds: since.timeIntervalSince1970.rounded(.down))
        let alertId = "\(indicator.rawValue)|\(area)|2025"
        return AlertMessage(
            alertId: alertId, sequence: sequence, status: status, severity: severity, indicator: indicator,
            indicatorName: indicator.name, area: AlertMessage.AreaRef(code: area, name: areaName, level: level),
            period: .year(2025), value: value, lower: value.map { $0 - 3.4 }, upper: value.map { $0 + 3.3 },
            numerator: 614, denominator: 1000, unit: indicator.unit, target: EffectiveTarget(comparator: .atLeast, value: 70),
            since: sinceText, evaluatedAt: sinceText)
    }

    /// `count` alert ids of distinct areas, each with a firing (1) and a resolved (2) transition, in order.
    static func firingThenResolved(count: Int, indicator: IndicatorID = .newbornScreeningCoverage) -> [AlertMessage] {
        (0..<count).flatMap { index -> [AlertMessage] in
            let area = String(format: "9%04d", index)
            return [
                message(indicator: indicator, area: area, areaName: "Xã \(index)", sequence: 1),
                message(indicator: indicator, area: area, areaName: "Xã \(index)", sequence: 2, status: .resolved, value: 72.5),
            ]
        }
    }
}

extension AlertMessage {
    /// The (alertId, sequence) pair as text.
    var pair: String { "\(alertId)#\(sequence)" }
}
