import Foundation

/// An alert message to publish, enqueued in the batch that caused it.
public struct OutboxMessage: Hashable, Sendable {
    /// The alert id (also the usual Kafka key).
    public var alertId: String
    /// The alert's transition sequence; `(alertId, sequence)` is unique in the outbox.
    public var sequence: Int64
    /// The Kafka message key.
    public var key: String
    /// The message value: JSON bytes.
    public var payload: Data

    /// Creates a message.
    public init(alertId: String, sequence: Int64, key: String, payload: Data) {
        self.alertId = alertId
        self.sequence = sequence
        self.key = key
        self.payload = payload
    }
}
