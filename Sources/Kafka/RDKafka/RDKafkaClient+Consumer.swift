import CRdKafka

/// The consumer calls. Those that may run concurrently with `rd_kafka_consume_batch_queue` in a way librdkafka
/// 2.0.x does not support (seek, assign, subscribe, close) must run on the consumer's poll queue, as
/// `KafkaConsumer` does; the others are safe from any thread that is not a cooperative one.
extension RDKafkaClient {
    func subscribe(_ topics: [String]) throws(KafkaError) {
        audit.record()
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(KafkaTopicPartition(topic: topic, partition: RD_KAFKA_PARTITION_UA), offset: .invalid) }
        let result = rd_kafka_subscribe(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "subscribe") }
    }

    func assign(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        audit.record()
        let list = RDKafkaTopicPartitionList(offsets)
        let result = rd_kafka_assign(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "assign") }
    }

    func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        audit.record()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let result = rd_kafka_assignment(handle, &list)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError.from(result, context: "assignment")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return RDKafkaTopicPartitionList.elements(of: list).map(\.partition)
    }

    func commit(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        audit.record()
        let list = RDKafkaTopicPartitionList(offsets)
        let result = rd_kafka_commit(handle, list.pointer, 0)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "commit") }
        if let error = list.firstError { throw error }
    }

    func committed(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws(KafkaError) -> [KafkaTopicPartition: KafkaOffset] {
        audit.record()
        let list = RDKafkaTopicPartitionList(partitions)
        let result = rd_kafka_committed(handle, list.pointer, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "committed") }
        if let error = list.firstError { throw error }
        return Dictionary(list.elements.map { ($0.partition, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads librdkafka's local state only: does not block.
    func position(_ partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartition: KafkaOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        let result = rd_kafka_position(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "position") }
        return Dictionary(list.elements.map { ($0.partition, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeoutMs: Int32) throws(KafkaError) {
        audit.record()
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = rd_kafka_seek_partitions(handle, list.pointer, Self.seekTimeoutArgument(timeoutMs)) {
            throw KafkaError.consuming(error)
        }
        if let error = list.firstError { throw error }
    }

    func watermarks(_ partition: KafkaTopicPartition, timeoutMs: Int32) throws(KafkaError) -> KafkaWatermarks {
        audit.record()
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_query_watermark_offsets(handle, partition.topic, partition.partition, &low, &high, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.from(result, context: "watermarks of \(partition)")
        }
        return KafkaWatermarks(low: low, high: high)
    }

    /// Before 2.1.0, `rd_kafka_seek_partitions` waited its timeout in microseconds where it meant milliseconds
    /// (librdkafka's changelog: "one thousand times lower than the passed value"); compensate there.
    static func seekTimeoutArgument(_ timeoutMs: Int32) -> Int32 {
        rd_kafka_version() < 0x0201_00ff ? Int32(clamping: Int64(timeoutMs) * 1000) : timeoutMs
    }

    /// Leaves the group (serving the final revoke on this thread), stops fetching; gives up after
    /// `timeoutMs`. librdkafka 2.0.x can block a consumer close for ever after a partition was lost
    /// ("a reference count issue was blocking the consumer from closing", fixed in 2.1.0), so the close is
    /// made asynchronously (`rd_kafka_consumer_close_queue`) and its queue served until it is done or the time
    /// is up. A consumer whose close did not finish is later destroyed without trying to close it again.
    func closeConsumer(timeoutMs: Int32) throws(KafkaError) {
        audit.record()
        guard let consumerQueue else { throw KafkaError.closed("consumer queue") }
        if let error = rd_kafka_consumer_close_queue(handle, consumerQueue) { throw KafkaError.consuming(error) }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(timeoutMs)
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: 16)
        defer { slot.deallocate() }
        while rd_kafka_consumer_closed(handle) == 0 {
            guard clock.now < deadline else {
                closeAbandoned.store(true, ordering: .releasing)
                throw KafkaError(kind: .timeout, message: "consumer close did not finish within \(timeoutMs) ms")
            }
            // Serves the close's rebalance callbacks; messages still queued are dropped.
            let count = rd_kafka_consume_batch_queue(consumerQueue, 10, slot, 16)
            for index in 0..<Swift.max(0, count) {
                if let message = slot[index] { rd_kafka_message_destroy(message) }
            }
        }
    }
}
