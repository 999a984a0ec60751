/// Offsets: commit, committed, position, watermarks and lag. The blocking calls run on the consumer's
/// concurrent blocking queue (not the poll queue), so a rebalance handler may call them.
extension KafkaConsumer {
    /// Commits `offsets` (each the offset of the NEXT message to consume) synchronously to the group.
    public func commit(_ offsets: [KafkaTopicPartition: KafkaOffset]) async throws {
        guard !offsets.isEmpty else { return }
        try checkOpen()
        let client = self.client
        try await blockingCall(on: blockingQueue) { try client.commit(offsets) }
    }

    /// Commits the end of `batch` (last offset + 1 of each partition in it).
    public func commit(_ batch: KafkaMessageBatch) async throws {
        try await commit(batch.nextOffsets)
    }

    /// The group's committed offsets (`KafkaOffset.invalid` where none).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws -> [KafkaTopicPartition: KafkaOffset] {
        try checkOpen()
        let client = self.client
        return try await blockingCall(on: blockingQueue) {
            try client.committed(partitions, timeoutMs: timeout.milliseconds)
        }
    }

    /// The offset of the next message this consumer will return per partition (`invalid` when unknown).
    /// Reads librdkafka's local state: does not block.
    public func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: KafkaOffset] {
        try checkOpen()
        return try client.position(partitions)
    }

    /// Asks the partition leader for the low and high watermark.
    public func watermarks(_ partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws -> KafkaWatermarks {
        try checkOpen()
        let client = self.client
        return try await blockingCall(on: blockingQueue) {
            try client.watermarks(partition, timeoutMs: timeout.milliseconds)
        }
    }

    /// Messages between the committed offset (the low watermark when none) and the high watermark, per partition.
    public func lag(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws -> [KafkaTopicPartition: Int64] {
        let committed = try await committed(partitions, timeout: timeout)
        var result: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            let marks = try await watermarks(partition, timeout: timeout)
            let start = committed[partition].flatMap { $0.isAbsolute ? $0.rawValue : nil } ?? marks.low
            result[partition] = max(0, marks.high - start)
        }
        return result
    }
}
