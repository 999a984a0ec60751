import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t` and converts it to and from Swift values.
///
/// Not `Sendable`: created, used and destroyed within one call.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: max(capacity, 1)))
    }

    convenience init(_ partitions: [KafkaTopicPartition]) {
        self.init(capacity: partitions.count)
        for partition in partitions { add(partition, offset: .invalid) }
    }

    convenience init(_ offsets: [KafkaTopicPartition: KafkaOffset]) {
        self.init(capacity: offsets.count)
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) { add(partition, offset: offset) }
    }

    /// A list in the given order (a rebalance's partitions, say).
    convenience init(ordered entries: [(partition: KafkaTopicPartition, offset: KafkaOffset)]) {
        self.init(capacity: entries.count)
        for entry in entries { add(entry.partition, offset: entry.offset) }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    func add(_ partition: KafkaTopicPartition, offset: KafkaOffset) {
        let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        element?.pointee.offset = offset.rawValue
    }

    /// Every element with its offset and per-partition error.
    var elements: [(partition: KafkaTopicPartition, offset: KafkaOffset, error: rd_kafka_resp_err_t)] {
        RDKafkaTopicPartitionList.elements(of: pointer)
    }

    /// The first per-partition error, if any.
    var firstError: KafkaError? {
        elements.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR })
            .map { KafkaError.from($0.error, context: $0.partition.description) }
    }

    static func elements(
        of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) -> [(partition: KafkaTopicPartition, offset: KafkaOffset, error: rd_kafka_resp_err_t)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elems = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elems[index]
            let topic = element.topic.map { String(cString: $0) } ?? ""
            return (KafkaTopicPartition(topic: topic, partition: element.partition),
                    KafkaOffset(element.offset), element.err)
        }
    }
}
