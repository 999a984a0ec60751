/// Whether an alert is currently firing.
public enum AlertStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case firing
    case resolved
}

/// How bad a firing alert is: `warning` for `at_risk`, `critical` for `breach`.
public enum AlertSeverity: String, CaseIterable, Hashable, Sendable, Codable {
    case warning
    case critical

    /// The severity a row status fires with, or `nil` for a status that does not fire.
    public init?(status: IndicatorStatus) {
        switch status {
        case .atRisk: self = .warning
        case .breach: self = .critical
        case .ok, .insufficientData, .noTarget: return nil
        }
    }
}

/// The stored state of one alert id (`indicator|area|period`), kept by the store between batches.
public struct AlertState: Hashable, Sendable, Codable {
    /// Firing or resolved.
    public var status: AlertStatus
    /// The severity firing now, or the last one that fired (for a resolved alert).
    public var severity: AlertSeverity
    /// The number of transitions so far (the last message's `sequence`).
    public var sequence: Int
    /// When the current status began (RFC 3339, UTC).
    public var since: String

    /// A stored alert state.
    public init(status: AlertStatus, severity: AlertSeverity, sequence: Int, since: String) {
        self.status = status
        self.severity = severity
        self.sequence = sequence
        self.since = since
    }

    /// The firing severity, or `nil` when resolved.
    public var firingSeverity: AlertSeverity? { status == .firing ? severity : nil }
}
