/// Where a consumer starts on a partition with no committed (or supplied) offset (`auto.offset.reset`).
public enum KafkaAutoOffsetReset: String, Sendable, Equatable {
    case earliest
    case latest
    /// Fail the partition (reported as a consume error).
    case error
}
