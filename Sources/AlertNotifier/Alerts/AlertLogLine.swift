import Logging
import PopStreamCore

/// The one log line of an alert: its identity, status, severity, value, target and area code. Alert messages
/// carry aggregates only; nothing per person is logged.
enum AlertLogLine {
    static func metadata(_ message: AlertMessage) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "alertId": "\(message.alertId)",
            "sequence": "\(message.sequence)",
            "status": "\(message.status.rawValue)",
            "severity": "\(message.severity.rawValue)",
            "area": "\(message.area.code)",
            "value": "\(message.value.map { "\($0)" } ?? "null")",
        ]
        if let target = message.target { metadata["target"] = "\(target.comparator.rawValue) \(target.value)" }
        return metadata
    }
}
