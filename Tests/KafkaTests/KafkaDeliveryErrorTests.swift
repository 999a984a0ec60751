import Kafka
import Testing

@Suite("Kafka delivery errors")
struct KafkaDeliveryErrorTests {
    @Test("a message larger than message.max.bytes fails with librdkafka's error", .timeLimit(.minutes(2)))
    func messageTooLarge() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("sizes", partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster) { $0.messageMaxBytes = 2000 }
        let big = KafkaProducerMessage(topic: "sizes", key: "k", value: Array(repeating: 1, count: 10_000))
        let error = try await #require(throws: KafkaError.self) { try await producer.send(big) }
        #expect(error.codeName == "MSG_SIZE_TOO_LARGE")
        #expect(!error.message.isEmpty)

        // The small one still goes through, and sendAll reports each outcome in order.
        let small = KafkaProducerMessage(topic: "sizes", key: "k", value: [1, 2, 3])
        let reports = try await producer.sendAll([small, big, small])
        #expect(reports.map(\.isDelivered) == [true, false, true])
        #expect(reports[1].error?.codeName == "MSG_SIZE_TOO_LARGE")
        #expect(reports[2].offset == 1)
        await producer.close()
    }

    @Test("a topic the cluster reports as failing ends in a failed delivery report", .timeLimit(.minutes(2)))
    func topicErrorFailsDelivery() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        cluster.setTopicError("forbidden", code: 29)  // TOPIC_AUTHORIZATION_FAILED
        let producer = try KafkaTestSupport.producer(cluster) { $0.messageTimeout = .seconds(2) }
        let message = KafkaProducerMessage(topic: "forbidden", key: "k", value: [1])
        let error = try await #require(throws: KafkaError.self) { try await producer.send(message) }
        #expect(error.kind == .delivery)
        #expect(error.code != 0)
        await producer.close()
    }

    @Test("close fails nothing that was delivered, and a closed producer refuses new messages", .timeLimit(.minutes(2)))
    func closedProducerRefuses() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("closing", partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster)
        let report = try await producer.send(KafkaProducerMessage(topic: "closing", key: "k", value: [1]))
        #expect(report.offset == 0)
        await producer.close()
        let error = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: "closing", key: "k", value: [1]))
        }
        #expect(error.kind == .closed)
    }
}

@Suite("Kafka producer back-pressure")
struct KafkaProducerBackPressureTests {
    @Test("sendAll waits for room when librdkafka's local queue is full, and delivers everything", .timeLimit(.minutes(2)))
    func fullLocalQueue() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("pressure", partitions: 2)
        let producer = try KafkaTestSupport.producer(cluster) { $0.queueBufferingMaxMessages = 50 }
        let reports = try await producer.sendAll((0..<3000).map {
            KafkaProducerMessage(topic: "pressure", key: "k\($0)", value: Array(String($0).utf8))
        })
        await producer.close()
        #expect(reports.count == 3000)
        #expect(reports.allSatisfy { $0.isDelivered })
    }
}
