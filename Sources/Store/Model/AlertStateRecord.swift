import Foundation

/// The last alert state of one `alertId` (`indicator|area|period`).
public struct AlertStateRecord: Hashable, Sendable {
    /// The alert id.
    public var alertId: String
    /// `firing` or `resolved`.
    public var status: String
    /// `warning` or `critical` while firing; `nil` otherwise.
    public var severity: String?
    /// The sequence of the last transition (increases by one at every transition).
    public var sequence: Int64
    /// RFC 3339 time of the last transition.
    public var since: String
    /// The last alert message sent for this id, as JSON bytes, if kept.
    public var lastMessage: Data?

    /// Creates an alert state.
    public init(alertId: String, status: String, severity: String?, sequence: Int64, since: String, lastMessage: Data?) {
        self.alertId = alertId
        self.status = status
        self.severity = severity
        self.sequence = sequence
        self.since = since
        self.lastMessage = lastMessage
    }

    /// Whether the alert is currently firing.
    public var isFiring: Bool { status == "firing" }
}
