/// Marks the tasks that run a consumer's rebalance handler, so that the consumer can refuse the calls that
/// would wait for the poll serving that very rebalance (a deadlock) with an error instead.
enum RebalanceHandlerScope {
    /// The consumer whose handler the current task runs (inherited by the tasks it creates).
    @TaskLocal static var consumer: ObjectIdentifier?
}

/// Identifies one consumer in `RebalanceHandlerScope` (created before the consumer itself exists).
final class ConsumerIdentity: Sendable {
    var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// Whether the current task runs this consumer's rebalance handler.
    var isRunningHandler: Bool { RebalanceHandlerScope.consumer == id }
}
