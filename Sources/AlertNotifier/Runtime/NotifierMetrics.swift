import Metrics

/// The notifier's metrics (swift-metrics; whichever backend the process bootstraps, none by default).
///
/// - `popstream_notifier_forwarded_total{destination,outcome}`: transitions finished per destination;
///   outcome `delivered`, `duplicate` (a copy dropped), `superseded`, `gave_up`.
/// - `popstream_notifier_attempts_total{destination,result}`: HTTP attempts; result `ok`, `retryable`, `permanent`.
/// - `popstream_notifier_resend_total{destination,result}`: re-send rounds to Alertmanager.
/// - `popstream_notifier_messages_total{result}`: messages read; result `alert`, `unparseable`.
enum NotifierMetrics {
    static func forwarded(_ destination: String, _ outcome: String) {
        Counter(label: "popstream_notifier_forwarded_total", dimensions: [("destination", destination), ("outcome", outcome)]).increment()
    }

    static func attempt(_ destination: String, _ result: DeliveryResult) {
        Counter(label: "popstream_notifier_attempts_total", dimensions: [("destination", destination), ("result", label(result))]).increment()
    }

    static func resend(_ destination: String, _ result: DeliveryResult) {
        Counter(label: "popstream_notifier_resend_total", dimensions: [("destination", destination), ("result", label(result))]).increment()
    }

    static func message(_ result: String) {
        Counter(label: "popstream_notifier_messages_total", dimensions: [("result", result)]).increment()
    }

    private static func label(_ result: DeliveryResult) -> String {
        switch result {
        case .delivered: "ok"
        case .retryable: "retryable"
        case .permanent: "permanent"
        }
    }
}
