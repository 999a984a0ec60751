import Foundation

/// A committed outbox message not yet confirmed delivered.
public struct OutboxEntry: Hashable, Sendable {
    /// The outbox row id; increases in commit order. Pass it to
    /// ``StateStore/markOutboxDelivered(ids:)`` once the broker acknowledged the message.
    public var id: Int64
    /// The message.
    public var message: OutboxMessage
    /// When the batch that enqueued it committed (millisecond precision).
    public var createdAt: Date

    /// Creates an entry.
    public init(id: Int64, message: OutboxMessage, createdAt: Date) {
        self.id = id
        self.message = message
        self.createdAt = createdAt
    }
}
