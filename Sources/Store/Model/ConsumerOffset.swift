/// The next offset a consumer group should consume from one partition.
///
/// Stored in the same transaction as the effects of the messages before it, this is the truth a
/// restarted or newly assigned consumer resumes from (not the offset committed to Kafka).
public struct ConsumerOffset: Hashable, Sendable {
    /// The consumer group.
    public var group: String
    /// The partition.
    public var partition: TopicPartition
    /// The offset of the next message to consume (last processed + 1).
    public var nextOffset: Int64

    /// Creates an offset record.
    public init(group: String, partition: TopicPartition, nextOffset: Int64) {
        self.group = group
        self.partition = partition
        self.nextOffset = nextOffset
    }
}
