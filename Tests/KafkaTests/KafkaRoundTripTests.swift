import Kafka
import Testing

@Suite("Kafka round trip")
struct KafkaRoundTripTests {
    @Test("10,000 keyed messages with headers round-trip exactly, in order per partition", .timeLimit(.minutes(2)))
    func tenThousandMessagesRoundTrip() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "roundtrip"
        try cluster.createTopic(topic, partitions: 4)
        let producer = try KafkaTestSupport.producer(cluster)

        let count = 10_000
        let messages = (0..<count).map { index in
            KafkaProducerMessage(
                topic: topic, key: "subject-\(index % 700)", value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(key: "index", value: "\(index)"), KafkaHeader(key: "empty", value: nil)])
        }
        let reports = try await producer.sendAll(messages)
        await producer.close()
        #expect(reports.count == count)
        #expect(reports.allSatisfy { $0.isDelivered })

        // Expected content of each partition, in production order, per the delivery reports.
        var expected: [Int32: [ConsumedMessageShape]] = [:]
        for (index, report) in reports.enumerated() {
            expected[report.partition, default: []].append(ConsumedMessageShape(
                offset: report.offset ?? -1, key: "subject-\(index % 700)", value: "value-\(index)",
                headers: [KafkaHeader(key: "index", value: "\(index)"), KafkaHeader(key: "empty", value: nil)]))
        }
        #expect(expected.keys.count == 4)
        // The same key always lands on the same partition.
        for shapes in expected.values {
            let keys = Set(shapes.map(\.key))
            for other in expected.values where other != shapes { #expect(keys.isDisjoint(with: other.map(\.key))) }
        }

        let consumer = try KafkaTestSupport.consumer(cluster, group: "roundtrip")
        try consumer.assign(Dictionary(uniqueKeysWithValues: KafkaTestSupport.partitions(topic, 4).map { ($0, KafkaOffset.beginning) }))
        let received = try await KafkaTestSupport.consume(consumer, until: { $0.count >= count })
        try await consumer.close()

        #expect(received.count == count)
        for partition in Int32(0)..<4 {
            let got = received.filter { $0.partition == partition }.map {
                ConsumedMessageShape(offset: $0.offset, key: $0.key ?? "", value: $0.value, headers: $0.headers)
            }
            #expect(got == expected[partition], "partition \(partition) differs")
        }
        #expect(received.allSatisfy { $0.topic == topic })
    }

    @Test("a cancelled poll returns at once with CancellationError", .timeLimit(.minutes(4)))
    func pollHonoursCancellation() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("quiet", partitions: 1)
        let consumer = try KafkaTestSupport.consumer(cluster, group: "quiet")
        try consumer.assign([KafkaTopicPartition(topic: "quiet", partition: 0): .beginning])
        let clock = ContinuousClock()
        let start = clock.now
        // A poll that would wait 180 s: returning within 60 s (a loose bound on a busy machine) is the cancellation.
        let task = Task { try await consumer.poll(maxMessages: 10, timeout: .seconds(180)) }
        try await Task.sleep(for: .milliseconds(200))  // let the poll start waiting
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(clock.now - start < .seconds(60))
        try await consumer.close()
    }
}

private struct ConsumedMessageShape: Equatable {
    var offset: Int64
    var key: String
    var value: String
    var headers: [KafkaHeader]
}
