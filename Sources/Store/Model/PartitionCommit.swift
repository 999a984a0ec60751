/// The progress a commit window made on one partition, checked against the partition's owner.
///
/// The commit is accepted only if the stored epoch is still ``epoch`` (nobody claimed the partition
/// since) and the stored next offset is still ``fromOffset`` (the window starts where the last
/// commit ended). Otherwise the whole window is refused with ``StoreError/fenced(_:)``.
public struct PartitionCommit: Hashable, Sendable {
    /// The consumer group.
    public var group: String
    /// The partition.
    public var partition: TopicPartition
    /// The epoch returned by ``StateStore/claimPartitions(group:partitions:)``.
    public var epoch: Int64
    /// The stored next offset the window started from (`nil`: nothing was committed before).
    public var fromOffset: Int64?
    /// The next offset to consume after the window (the last offset in the window + 1).
    public var nextOffset: Int64

    /// Creates a partition commit.
    public init(group: String, partition: TopicPartition, epoch: Int64, fromOffset: Int64?, nextOffset: Int64) {
        self.group = group
        self.partition = partition
        self.epoch = epoch
        self.fromOffset = fromOffset
        self.nextOffset = nextOffset
    }
}
