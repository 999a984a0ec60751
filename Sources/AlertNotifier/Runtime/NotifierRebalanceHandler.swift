import Kafka
import Logging
import Synchronization

/// The notifier's rebalance handler: partitions restart at the group's committed offsets (or, with
/// `--from-beginning`, at their beginning the first time this process gets them); a revocation first
/// commits what every destination has finished; every change resets the commit tracker's partitions.
enum NotifierRebalanceHandler {
    static func make(tracker: CommitTracker, fromBeginning: Bool, consumer: ConsumerReference, logger: Logger) -> KafkaRebalanceHandler {
        let firstAssignment = Mutex(Set<KafkaTopicPartition>())
        return KafkaRebalanceHandler(
            assigned: { partitions in
                await tracker.reset(partitions)
                guard fromBeginning else { return [:] }
                // Once per partition and process, not at every rebalance.
                return firstAssignment.withLock { seen in
                    var offsets: [KafkaTopicPartition: KafkaOffset] = [:]
                    for partition in partitions where seen.insert(partition).inserted { offsets[partition] = .beginning }
                    return offsets
                }
            },
            revoked: { partitions in
                let offsets = await tracker.committable(only: Set(partitions))
                if !offsets.isEmpty, let consumer = consumer.consumer {
                    do {
                        try await consumer.commit(offsets)
                    } catch {
                        logger.warning("commit on revocation failed", metadata: ["error": "\(error)"])
                    }
                }
                await tracker.reset(partitions)
            },
            lost: { partitions in
                // Another member may own them already: commit nothing.
                await tracker.reset(partitions)
            })
    }
}

/// The consumer, for the rebalance handler that is created before it.
final class ConsumerReference: Sendable {
    private let stored = Mutex<KafkaConsumer?>(nil)

    var consumer: KafkaConsumer? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
