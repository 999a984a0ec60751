/// What a consumer gets when it claims a partition: a new epoch that fences every earlier owner,
/// and where to resume.
public struct PartitionClaim: Hashable, Sendable {
    /// The partition.
    public var partition: TopicPartition
    /// The owner's epoch: higher than any earlier claim of this (group, partition).
    public var epoch: Int64
    /// The stored next offset to consume, or `nil` when nothing was ever committed for it.
    public var nextOffset: Int64?

    /// Creates a claim.
    public init(partition: TopicPartition, epoch: Int64, nextOffset: Int64?) {
        self.partition = partition
        self.epoch = epoch
        self.nextOffset = nextOffset
    }
}
