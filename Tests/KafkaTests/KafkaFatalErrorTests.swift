@testable import Kafka
import Testing

/// Fatal errors are raised with `rd_kafka_test_fatal_error`, librdkafka's own hook for tests (its header says
/// there is no practical way to trigger real fatal errors in the idempotent producer): librdkafka then behaves
/// as for a real one (fatal flag set, error callback, queues purged).
@Suite("Kafka fatal errors")
struct KafkaFatalErrorTests {
    /// OUT_OF_ORDER_SEQUENCE_NUMBER: what an idempotent producer's real fatal errors look like.
    private static let outOfOrderSequence: Int32 = 45

    @Test("a fatal producer error fails send with a .fatal KafkaError, every time, and fails a send in flight",
          .timeLimit(.minutes(2)))
    func producerFatalError() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        try cluster.createTopic("fatal", partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster) { $0.messageTimeout = .seconds(60) }
        let message = KafkaProducerMessage(topic: "fatal", key: "k", value: [1])
        #expect(try await producer.send(message).offset == 0)

        // A send waiting for its report (the broker is down, so the message stays queued) when the error comes.
        try cluster.takeBrokerDown(1)
        let inFlight = Task { try await producer.send(message) }
        let deadline = ContinuousClock.now + .seconds(30)
        while producer.deliveries.pendingCount == 0 {
            guard ContinuousClock.now < deadline else { throw TestFailure("the send never started") }
            try await Task.sleep(for: .milliseconds(5))
        }
        producer.triggerFatalErrorForTesting(code: Self.outOfOrderSequence, reason: "injected")

        let failed = try await #require(throws: KafkaError.self) { try await inFlight.value }
        #expect(failed.kind == .fatal)
        #expect(failed.isFatal)
        #expect(failed.codeName == "OUT_OF_ORDER_SEQUENCE_NUMBER")

        // Terminal: every later call fails the same way, even with the broker back.
        try cluster.bringBrokerUp(1)
        for _ in 0..<2 {
            let error = try await #require(throws: KafkaError.self) { try await producer.send(message) }
            #expect(error.kind == .fatal)
            #expect(error.code == Self.outOfOrderSequence)
            #expect(error.message.contains("injected"))
        }
        let batchError = try await #require(throws: KafkaError.self) { try await producer.sendAll([message, message]) }
        #expect(batchError.kind == .fatal)
        await producer.close()
    }
}
