/// What a consumer's owner does when partitions move, called from the consumer's poll thread while the
/// rebalance is in progress (no message of the affected partitions is delivered meanwhile).
///
/// - `assigned` returns the offsets to start each partition at (for example loaded from the caller's own
///   store, in the same transaction as its state). Partitions left out start at the group's committed offset,
///   or `auto.offset.reset` when there is none.
/// - `revoked` is the last chance to commit offsets of the revoked partitions.
/// - `lost` is called instead of `revoked` when the partitions were lost rather than revoked (see
///   `KafkaRebalanceEvent.lost`); when it is nil, `revoked` is called for lost partitions too.
///
/// Each handler may throw. A thrown error never goes unnoticed: the `poll` (or `close`) that served the
/// rebalance throws `KafkaRebalanceHandlerError` with it. When `assigned` throws, the consumer assigns nothing:
/// none of those partitions is consumed (no fallback to the group's committed offsets) until the consumer
/// subscribes again (a new rebalance, the handler runs again) or is closed (the group gives them to others).
/// When `revoked` or `lost` throws, the partitions are taken away all the same.
///
/// The handlers may be `async` (a database read, say). They must not call `poll`, `seek`, `assign`,
/// `subscribe` or `close` of the same consumer (they throw `KafkaError` there, since the poll serving the
/// rebalance is waiting for the handler); `commit`, `committed`, `assignment` and `watermarks` are safe.
public struct KafkaRebalanceHandler: Sendable {
    public var assigned: @Sendable ([KafkaTopicPartition]) async throws -> [KafkaTopicPartition: KafkaOffset]
    public var revoked: @Sendable ([KafkaTopicPartition]) async throws -> Void
    public var lost: (@Sendable ([KafkaTopicPartition]) async throws -> Void)?

    public init(
        assigned: @escaping @Sendable ([KafkaTopicPartition]) async throws -> [KafkaTopicPartition: KafkaOffset] = { _ in [:] },
        revoked: @escaping @Sendable ([KafkaTopicPartition]) async throws -> Void = { _ in },
        lost: (@Sendable ([KafkaTopicPartition]) async throws -> Void)? = nil
    ) {
        self.assigned = assigned
        self.revoked = revoked
        self.lost = lost
    }

    /// Start every partition at the group's committed offset.
    public static let committedOffsets = KafkaRebalanceHandler()

    /// Runs the handler that `event` calls for; returns the start offsets of an assignment (empty otherwise).
    func run(_ event: KafkaRebalanceEvent) async throws -> [KafkaTopicPartition: KafkaOffset] {
        switch event {
        case .assigned(let partitions):
            return try await assigned(partitions)
        case .revoked(let partitions):
            try await revoked(partitions)
        case .lost(let partitions):
            try await (lost ?? revoked)(partitions)
        }
        return [:]
    }
}
