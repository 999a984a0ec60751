import Kafka
import Testing

/// `prepare` connects a producer before its first message (its effect on the first delivery's latency is
/// measured by `make bench`, not here).
@Suite("Kafka producer prepare")
struct KafkaProducerPrepareTests {
    @Test("prepare connects to a running cluster, and the producer then delivers", .timeLimit(.minutes(2)))
    func preparedProducerDelivers() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("prepared", partitions: 2)
        let producer = try KafkaTestSupport.producer(cluster)
        try await producer.prepare(timeout: .seconds(10))
        let report = try await producer.send(KafkaProducerMessage(topic: "prepared", key: "k", value: [1]))
        #expect(report.offset == 0)
        await producer.close()
    }

    @Test("prepare loads the topics named, and the producer then delivers to each", .timeLimit(.minutes(2)))
    func preparedTopicsDeliver() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("dead-letters", partitions: 3)
        try cluster.createTopic("alerts", partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster)
        try await producer.prepare(topics: ["dead-letters", "alerts"], timeout: .seconds(10))
        let first = try await producer.send(KafkaProducerMessage(topic: "dead-letters", partition: 2, key: "k", value: [1]))
        let second = try await producer.send(KafkaProducerMessage(topic: "alerts", key: "a", value: [2]))
        #expect(first.error == nil && first.partition == 2 && first.offset == 0)
        #expect(second.error == nil && second.partition == 0 && second.offset == 0)
        await producer.close()
    }

    @Test("prepare throws when no broker answers within its timeout, and the producer can still close", .timeLimit(.minutes(2)))
    func unreachableCluster() async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["127.0.0.1:1"])
        configuration.properties = ["reconnect.backoff.ms": "100", "reconnect.backoff.max.ms": "200"]
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger)
        let error = try await #require(throws: KafkaError.self) { try await producer.prepare(timeout: .seconds(1)) }
        #expect(error.code != 0, "\(error)")
        await producer.close(timeout: .seconds(1))
    }
}
