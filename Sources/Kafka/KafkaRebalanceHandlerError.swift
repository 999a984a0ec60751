/// A `KafkaRebalanceHandler` threw: thrown by the consumer's `poll` (or `close`) that served the rebalance.
///
/// For `.assigned` the partitions were not assigned (nothing of them is consumed); for `.revoked` and `.lost`
/// they were taken away all the same.
public struct KafkaRebalanceHandlerError: Error, Sendable, CustomStringConvertible {
    /// The rebalance whose handler failed.
    public let event: KafkaRebalanceEvent
    /// What the handler threw.
    public let underlying: any Error

    public init(event: KafkaRebalanceEvent, underlying: any Error) {
        self.event = event
        self.underlying = underlying
    }

    public var description: String { "rebalance handler failed for \(event): \(underlying)" }
}
