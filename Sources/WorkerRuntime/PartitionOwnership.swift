import Kafka
import Store

/// The partitions this instance owns right now: the epoch each was claimed with and the offset the
/// store holds for it (updated by every commit), shared by the rebalance handler, the consume loop and
/// the committer.
actor PartitionOwnership {
    /// One owned partition.
    struct Claim: Sendable, Equatable {
        /// The owner epoch every commit of this partition is fenced by.
        var epoch: Int64
        /// The next offset the store holds (`nil`: never committed).
        var storedOffset: Int64?
    }

    private var claims: [TopicPartition: Claim] = [:]

    /// Records new claims (an assignment).
    func assigned(_ newClaims: [PartitionClaim]) {
        for claim in newClaims {
            claims[claim.partition] = Claim(epoch: claim.epoch, storedOffset: claim.nextOffset)
        }
    }

    /// Forgets partitions (revoked, lost or fenced).
    func released(_ partitions: some Sequence<TopicPartition>) {
        for partition in partitions { claims[partition] = nil }
    }

    /// Records committed progress, so that a partition that enters a later window starts from it.
    func committed(_ progress: [PartitionCommit]) {
        for commit in progress where claims[commit.partition]?.epoch == commit.epoch {
            claims[commit.partition]?.storedOffset = commit.nextOffset
        }
    }

    /// Every owned partition and its claim.
    func snapshot() -> [TopicPartition: Claim] { claims }
}

extension TopicPartition {
    /// The store's name of a Kafka partition.
    init(_ partition: KafkaTopicPartition) {
        self.init(topic: partition.topic, partition: partition.partition)
    }

    /// The Kafka layer's name of a stored partition.
    var kafka: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
}
