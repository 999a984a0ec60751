import Kafka
import Logging
import Store

/// Messages the broker deleted (retention) before this worker read them: a partition's stored next offset
/// below the partition's low watermark. Consumption goes on from the oldest message kept; what was deleted
/// is gone from the figures, so it is logged as an error naming the partition and the count.
enum RetentionLoss {
    /// Logs the loss of `partition` when `stored` is below `low`.
    static func report(_ partition: TopicPartition, stored: Int64?, low: Int64, logger: Logger) {
        guard let stored, stored < low else { return }
        logger.error("messages deleted before this worker read them: the broker's retention moved past the stored offset", metadata: [
            "topic": "\(partition.topic)", "partition": "\(partition.partition)", "storedOffset": "\(stored)", "lowWatermark": "\(low)",
            "lost": "\(low - stored)",
        ])
    }

    /// Compares the stored offsets of a group assignment's `claims` with their partitions' low watermarks
    /// (librdkafka itself moves such a partition to its oldest message with only a warning).
    static func check(_ claims: [TopicPartition: PartitionOwnership.Claim], consumer: KafkaConsumer, logger: Logger) async {
        for (partition, claim) in claims.sorted(by: { $0.key < $1.key }) where claim.storedOffset != nil {
            do {
                let marks = try await consumer.watermarks(partition.kafka)
                report(partition, stored: claim.storedOffset, low: marks.low, logger: logger)
            } catch {
                logger.warning("could not compare the stored offset with the broker's oldest message", metadata: [
                    "partition": "\(partition.partition)", "error": "\(error)",
                ])
            }
        }
    }
}
