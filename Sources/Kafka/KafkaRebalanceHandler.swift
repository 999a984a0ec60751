/// What a consumer's owner does when partitions move, called from the consumer's poll thread while the
/// rebalance is in progress (no message of the affected partitions is delivered meanwhile).
///
/// - `assigned` returns the offsets to start each partition at (for example loaded from the caller's own
///   store, in the same transaction as its state). Partitions left out start at the group's committed offset,
///   or `auto.offset.reset` when there is none.
/// - `revoked` is the last chance to commit offsets of the revoked partitions.
///
/// The handlers may be `async` (a database read, say). They must not call `poll` of the same consumer (it is
/// the call that is running them); the other consumer methods (`commit`, `committed`, `watermarks`) are safe.
public struct KafkaRebalanceHandler: Sendable {
    public var assigned: @Sendable ([KafkaTopicPartition]) async -> [KafkaTopicPartition: KafkaOffset]
    public var revoked: @Sendable ([KafkaTopicPartition]) async -> Void

    public init(
        assigned: @escaping @Sendable ([KafkaTopicPartition]) async -> [KafkaTopicPartition: KafkaOffset] = { _ in [:] },
        revoked: @escaping @Sendable ([KafkaTopicPartition]) async -> Void = { _ in }
    ) {
        self.assigned = assigned
        self.revoked = revoked
    }

    /// Start every partition at the group's committed offset.
    public static let committedOffsets = KafkaRebalanceHandler()
}
