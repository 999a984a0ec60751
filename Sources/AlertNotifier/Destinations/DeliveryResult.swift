/// The result of one attempt to hand alerts to a destination.
public enum DeliveryResult: Sendable, Equatable {
    /// Accepted (HTTP 2xx).
    case delivered
    /// Failed in a way that may pass (connection error, timeout, HTTP 5xx, 408, 429): retried.
    case retryable(String)
    /// Refused for good (another HTTP status, e.g. 400 for an alert Alertmanager rejects): not retried.
    case permanent(String)
}
