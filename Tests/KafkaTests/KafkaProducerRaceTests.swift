@testable import Kafka
import Testing

/// `sendAll` and `send` against `close()` and cancellation. The broker is taken down so that reports cannot
/// come and the local queue fills: the calls are then really waiting when the close or the cancellation
/// arrives. The time limit is what a hang would hit.
@Suite("Kafka producer: close races and cancellation")
struct KafkaProducerRaceTests {
    private static func messages(_ count: Int, topic: String) -> [KafkaProducerMessage] {
        (0..<count).map { KafkaProducerMessage(topic: topic, partition: 0, key: "k\($0)", value: Array(String($0).utf8)) }
    }

    /// A producer whose broker is down, with a local queue of 10 messages, and metadata already known.
    private static func stalledProducer(_ cluster: MockCluster, topic: String) async throws -> KafkaProducer {
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster) {
            $0.queueBufferingMaxMessages = 10
            $0.messageTimeout = .seconds(120)
        }
        #expect(try await producer.send(KafkaProducerMessage(topic: topic, partition: 0, key: "k", value: [0])).offset == 0)
        try cluster.takeBrokerDown(1)
        return producer
    }

    private static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TestFailure("condition not met within 30 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test("close() while sendAll waits for room: sendAll returns, every report failed .closed, nothing left waiting",
          .timeLimit(.minutes(2)))
    func closeRacesSendAll() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let producer = try await Self.stalledProducer(cluster, topic: "close-race")
        let sending = Task { try await producer.sendAll(Self.messages(100, topic: "close-race")) }
        // Ten messages fill the queue, then sendAll waits for room (its 100 waiters plus one room waiter).
        try await Self.waitUntil { producer.deliveries.pendingCount > 10 }

        await producer.close(timeout: .milliseconds(200))
        let reports = try await sending.value
        #expect(reports.count == 100)
        #expect(reports.allSatisfy { $0.error?.kind == .closed }, "\(reports.filter { $0.error?.kind != .closed })")
        #expect(producer.deliveries.pendingCount == 0)
        // And after the close, nothing is accepted.
        let error = try await #require(throws: KafkaError.self) {
            try await producer.sendAll(Self.messages(1, topic: "close-race"))
        }
        #expect(error.kind == .closed)
    }

    @Test("a cancelled sendAll throws CancellationError at once and leaves no waiter behind",
          .timeLimit(.minutes(2)))
    func cancelledSendAll() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let producer = try await Self.stalledProducer(cluster, topic: "cancel-all")

        // Waiting for room (queue full)...
        let waitingForRoom = Task { try await producer.sendAll(Self.messages(100, topic: "cancel-all")) }
        try await Self.waitUntil { producer.deliveries.pendingCount > 10 }
        waitingForRoom.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waitingForRoom.value }
        #expect(producer.deliveries.pendingCount == 0)

        // ...and waiting for the reports of messages all handed over.
        try cluster.bringBrokerUp(1)
        try await producer.flush(timeout: .seconds(30))
        try cluster.takeBrokerDown(1)
        let waitingForReports = Task { try await producer.sendAll(Self.messages(5, topic: "cancel-all")) }
        try await Self.waitUntil { producer.deliveries.pendingCount == 5 }
        waitingForReports.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waitingForReports.value }
        #expect(producer.deliveries.pendingCount == 0)

        try cluster.bringBrokerUp(1)
        await producer.close()
    }

    @Test("a cancelled send throws CancellationError at once and leaves no waiter behind", .timeLimit(.minutes(2)))
    func cancelledSend() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let producer = try await Self.stalledProducer(cluster, topic: "cancel-one")
        let sending = Task { try await producer.send(KafkaProducerMessage(topic: "cancel-one", partition: 0, key: "k", value: [1])) }
        try await Self.waitUntil { producer.deliveries.pendingCount == 1 }
        sending.cancel()
        await #expect(throws: CancellationError.self) { _ = try await sending.value }
        #expect(producer.deliveries.pendingCount == 0)
        try cluster.bringBrokerUp(1)
        await producer.close()
    }
}
