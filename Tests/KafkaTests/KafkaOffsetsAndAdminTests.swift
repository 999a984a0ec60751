import Kafka
import Testing

@Suite("Kafka offsets, lag and admin")
struct KafkaOffsetsAndAdminTests {
    @Test("watermarks, commit, committed, position and lag agree with what was consumed", .timeLimit(.minutes(2)))
    func offsetsAndLag() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "offsets"
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<100).map {
            KafkaProducerMessage(topic: topic, partition: Int32($0 % 2), key: "k\($0)", value: [UInt8($0)])
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })

        let consumer = try KafkaTestSupport.consumer(cluster, group: "offsets")
        let p0 = KafkaTopicPartition(topic: topic, partition: 0)
        let p1 = KafkaTopicPartition(topic: topic, partition: 1)
        #expect(try await consumer.watermarks(p0) == KafkaWatermarks(low: 0, high: 50))

        try consumer.assign([p0: .beginning, p1: KafkaOffset(30)])
        let received = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 70 })
        #expect(received.count == 70)
        #expect(try consumer.position([p0, p1]) == [p0: KafkaOffset(50), p1: KafkaOffset(50)])

        try await consumer.commit([p0: KafkaOffset(20), p1: KafkaOffset(45)])
        #expect(try await consumer.committed([p0, p1]) == [p0: KafkaOffset(20), p1: KafkaOffset(45)])
        #expect(try await consumer.lag([p0, p1]) == [p0: 30, p1: 5])

        // Seek back and read partition 1 again from 45.
        try await consumer.seek([p1: KafkaOffset(45)])
        let again = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 5 })
        #expect(again.map(\.offset) == Array(45..<50))
        #expect(again.allSatisfy { $0.partition == 1 })
        try await consumer.close()
    }

    @Test("admin lists topics with partition counts", .timeLimit(.minutes(2)))
    func listTopics() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("listed.a", partitions: 3)
        try cluster.createTopic("listed.b", partitions: 5)
        let admin = try KafkaAdmin(configuration: KafkaAdminConfiguration(bootstrapServers: [cluster.bootstrapServers]),
                                   logger: KafkaTestSupport.logger)
        let topics = try await admin.listTopics()
        #expect(topics.contains(KafkaTopicMetadata(name: "listed.a", partitionCount: 3)))
        #expect(topics.contains(KafkaTopicMetadata(name: "listed.b", partitionCount: 5)))
    }

    @Test("CreateTopics against the mock (which cannot serve it) fails with an error, not a hang", .timeLimit(.minutes(2)))
    func createTopicsErrorPath() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let admin = try KafkaAdmin(configuration: KafkaAdminConfiguration(bootstrapServers: [cluster.bootstrapServers]),
                                   logger: KafkaTestSupport.logger)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: KafkaError.self) {
            try await admin.createTopics([KafkaTopicSpecification(name: "new.topic", partitions: 3, replicationFactor: 1)],
                                         timeout: .seconds(2))
        }
        #expect(!error.message.isEmpty)
        #expect(clock.now - start < .seconds(60))  // 2 s of timeout, then an error: a hang would hit the time limit
    }
}
