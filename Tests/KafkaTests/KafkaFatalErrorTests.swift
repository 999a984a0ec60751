@testable import Kafka
import Testing

/// Fatal errors are raised with `rd_kafka_test_fatal_error`, librdkafka's own hook for tests (its header says
/// there is no practical way to trigger real fatal errors in the idempotent producer): librdkafka then behaves
/// as for a real one (fatal flag set, error callback, queues purged).
@Suite("Kafka fatal errors")
struct KafkaFatalErrorTests {
    /// OUT_OF_ORDER_SEQUENCE_NUMBER: what an idempotent producer's real fatal errors look like.
    private static let outOfOrderSequence: Int32 = 45
    /// FENCED_INSTANCE_ID: a consumer's fatal error (a static member fenced by a newer instance).
    private static let fencedInstance: Int32 = 82

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

    @Test("a fatal consumer error is thrown by poll as a .fatal KafkaError, every time, waking a poll in progress",
          .timeLimit(.minutes(2)))
    func consumerFatalError() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "fatal-consumer"
        try cluster.createTopic(topic, partitions: 1)
        let consumer = try KafkaTestSupport.consumer(cluster, group: "fatal-consumer")
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100))

        // A poll waiting far longer than this test may run: only the fatal error can end it in time.
        let waiting = Task { try await consumer.poll(maxMessages: 10, timeout: .seconds(600)) }
        try await Task.sleep(for: .milliseconds(200))  // let it start waiting (not a wait for an event)
        consumer.client.triggerFatalErrorForTesting(code: Self.fencedInstance, reason: "injected")

        // Cancel the waiting poll if this test is cancelled (the time limit), so that a failure cannot hang.
        let error = try await #require(throws: KafkaError.self) {
            _ = try await withTaskCancellationHandler { try await waiting.value } onCancel: { waiting.cancel() }
        }
        #expect(error.kind == .fatal)
        #expect(error.codeName == "FENCED_INSTANCE_ID")
        for _ in 0..<2 {
            let again = try await #require(throws: KafkaError.self) {
                _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100))
            }
            #expect(again.kind == .fatal)
            #expect(again.code == Self.fencedInstance)
        }
        try? await consumer.close()
    }
}
