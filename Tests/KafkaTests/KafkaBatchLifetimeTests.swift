@testable import Kafka
import Testing

@Suite("Kafka batch lifetime and headers")
struct KafkaBatchLifetimeTests {
    private static func produce(_ cluster: MockCluster, topic: String, count: Int, headersPerMessage: Int = 1) async throws {
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<count).map { index in
            KafkaProducerMessage(topic: topic, partition: 0, key: "k\(index)", value: Array("value-\(index)".utf8),
                                 headers: expectedHeaders(offset: Int64(index), count: headersPerMessage))
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })
    }

    /// The headers of the message at `offset` (single partition: the offset is the production index).
    private static func expectedHeaders(offset: Int64, count: Int) -> [KafkaHeader] {
        (0..<count).map { index in
            index == count - 1 && count > 1
                ? KafkaHeader(key: "empty", value: nil)
                : KafkaHeader(key: "h\(index)", value: "\(offset)-\(index)")
        }
    }

    /// Polls a consumer until it returns a non-empty batch, then closes it (or just drops it) and returns the
    /// batch: when this returns, nothing but the batch refers to the consumer's client.
    private static func batchFromConsumerGone(_ cluster: MockCluster, topic: String, group: String, close: Bool) async throws -> KafkaMessageBatch {
        let consumer = try KafkaTestSupport.consumer(cluster, group: group)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let deadline = ContinuousClock.now + .seconds(30)
        var batch = KafkaMessageBatch.empty
        while batch.isEmpty {
            guard ContinuousClock.now < deadline else { throw TestFailure("no message within 30 s") }
            batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
        }
        if close { try await consumer.close() }
        return batch
    }

    @Test("a batch keeps its client alive after its consumer is gone, and releases it with its last message",
          .timeLimit(.minutes(2)), arguments: [true, false])
    func batchOutlivesConsumer(closeConsumer: Bool) async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "lifetime"
        try cluster.createTopic(topic, partitions: 1)
        try await Self.produce(cluster, topic: topic, count: 50)

        var batch: KafkaMessageBatch? = try await Self.batchFromConsumerGone(
            cluster, topic: topic, group: "lifetime-\(closeConsumer)", close: closeConsumer)
        weak let client = batch?.client
        // The consumer is gone; its client is not (rd_kafka_destroy has not run), and every message reads intact.
        #expect(client != nil)
        for message in batch ?? .empty {
            #expect(message.value.string == "value-\(message.offset)")
            #expect(message.key?.string == "k\(message.offset)")
            #expect(message.headers == Self.expectedHeaders(offset: message.offset, count: 1))
        }
        #expect(batch?.isEmpty == false)

        // Releasing the batch (the last reference) releases the client.
        batch = nil
        let deadline = ContinuousClock.now + .seconds(10)
        while client != nil {
            guard ContinuousClock.now < deadline else { throw TestFailure("the client outlived its last batch") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("headers read from 32 tasks at once, first reads included, are all intact", .timeLimit(.minutes(2)))
    func concurrentHeaderReads() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "headers"
        try cluster.createTopic(topic, partitions: 1)
        let count = 400
        let headersPerMessage = 4
        try await Self.produce(cluster, topic: topic, count: count, headersPerMessage: headersPerMessage)

        // Collect the batches without reading any header: the first reads below happen concurrently.
        let consumer = try KafkaTestSupport.consumer(cluster, group: "headers")
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        var batches: [KafkaMessageBatch] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while batches.reduce(0, { $0 + $1.count }) < count {
            guard ContinuousClock.now < deadline else { throw TestFailure("not every message arrived") }
            let batch = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200))
            if !batch.isEmpty { batches.append(batch) }
        }
        try await consumer.close()

        let readers = 32
        let collected = batches
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<readers {
                group.addTask {
                    var wrong = 0
                    for batch in collected {
                        for message in batch where message.headers != Self.expectedHeaders(offset: message.offset, count: headersPerMessage) {
                            wrong += 1
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(batches.reduce(0) { $0 + $1.count } == count)
    }
}
