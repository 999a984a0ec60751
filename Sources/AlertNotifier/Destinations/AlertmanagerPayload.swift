import Foundation
import PopStreamCore

/// Alert messages as Alertmanager API v2 alerts (`POST /api/v2/alerts` takes an array of them).
///
/// Labels (what Alertmanager groups, routes and deduplicates on): `alertname` (always `PopStreamIndicator`),
/// `indicator`, `area` (code), `level` (the area's level), `province` (code of the province containing the
/// area, when the area registry knows it), `period`, `severity`. Annotations: `summary_vi`, `summary_en`,
/// `value`, `interval` (95%), `target`, `indicator_name_vi`, `indicator_name_en`, `area_name`, `alert_id`,
/// `sequence`.
struct AlertmanagerPayload {
    /// The constant `alertname` label.
    static let alertName = "PopStreamIndicator"

    struct Alert: Encodable, Equatable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String?
    }

    let provinces: ProvinceLookup

    /// The labels of `message` with `severity` (a resolved message carries the severity that fired).
    func labels(_ message: AlertMessage, severity: AlertSeverity) -> [String: String] {
        var labels = [
            "alertname": Self.alertName,
            "indicator": message.indicator.rawValue,
            "area": message.area.code,
            "level": message.area.level,
            "period": message.period.description,
            "severity": severity.rawValue,
        ]
        if let province = provinces.province(of: message.area.code) { labels["province"] = province.code }
        return labels
    }

    func annotations(_ message: AlertMessage) -> [String: String] {
        let summary = AlertSummary(message: message)
        var annotations = [
            "summary_vi": summary.summaryVI,
            "summary_en": summary.summaryEN,
            "value": summary.valueEN,
            "indicator_name_vi": message.indicatorName.vi,
            "indicator_name_en": message.indicatorName.en,
            "area_name": message.area.name,
            "alert_id": message.alertId,
            "sequence": String(message.sequence),
        ]
        if let interval = summary.intervalEN { annotations["interval"] = interval }
        if let target = summary.targetEN { annotations["target"] = target }
        return annotations
    }

    /// The alerts one transition sends: a firing message fires its severity (valid until `validUntil`, or
    /// Alertmanager's `resolve_timeout` when nil) and, after a severity change, resolves the previous
    /// severity's alert (another label set); a resolved message resolves the severity that fired.
    func alerts(for message: AlertMessage, previous: AlertMessage?, validUntil: String?) -> [Alert] {
        switch message.status {
        case .firing:
            var alerts = [Alert(labels: labels(message, severity: message.severity), annotations: annotations(message),
                                startsAt: message.since, endsAt: validUntil)]
            if let previous, previous.status == .firing, previous.severity != message.severity {
                alerts.append(Alert(labels: labels(previous, severity: previous.severity), annotations: annotations(previous),
                                    startsAt: previous.since, endsAt: message.since))
            }
            return alerts
        case .resolved:
            let firedSince = previous.flatMap { $0.status == .firing ? $0.since : nil } ?? message.since
            return [Alert(labels: labels(message, severity: message.severity), annotations: annotations(message),
                          startsAt: firedSince, endsAt: message.since)]
        }
    }

    /// The JSON body of `POST /api/v2/alerts`.
    static func body(_ alerts: [Alert]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding [String: String] and strings cannot fail.
        return (try? Array(encoder.encode(alerts))) ?? Array("[]".utf8)
    }
}
