import Kafka
import Synchronization
import Testing

@Suite("Kafka rebalances: lost assignments, failing handlers, generations")
struct KafkaRebalanceTests {
    private struct StoreUnavailable: Error, Equatable {}

    /// Records what the handlers saw.
    private final class Calls: Sendable {
        let log = Mutex<[String]>([])
        func add(_ entry: String) { log.withLock { $0.append(entry) } }
        var all: [String] { log.withLock { $0 } }
    }

    private static func produce(_ cluster: MockCluster, topic: String, partitions: Int, count: Int) async throws {
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<count).map {
            KafkaProducerMessage(topic: topic, partition: Int32($0 % partitions), key: "k\($0)", value: Array(String($0).utf8))
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })
    }

    /// Every event published so far (the stream is read without waiting: the consumer is closed by then, or the
    /// caller reads only what is buffered).
    private static func events(of consumer: KafkaConsumer) async -> [KafkaRebalanceEvent] {
        var events: [KafkaRebalanceEvent] = []
        for await event in consumer.rebalanceEvents { events.append(event) }
        return events
    }

    private static func fastGroup(_ configuration: inout KafkaConsumerConfiguration) {
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(100)
    }

    @Test("a lost assignment is published as .lost and runs the lost handler, a clean revocation as .revoked",
          .timeLimit(.minutes(3)))
    func lostToldApartFromRevoked() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "lost"
        try cluster.createTopic(topic, partitions: 2)
        let partitions = KafkaTopicPartition.all(topic, 2)
        let calls = Calls()
        let handler = KafkaRebalanceHandler(
            assigned: { calls.add("assigned \($0.count)"); return [:] },
            revoked: { calls.add("revoked \($0.count)") },
            lost: { calls.add("lost \($0.count)") })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "lost", rebalanceHandler: handler, configure: Self.fastGroup)
        try consumer.subscribe(topics: [topic])
        _ = try await KafkaTestSupport.pollUntil(consumer) { calls.all.contains("assigned 2") }

        // The coordinator forgets the member: its next heartbeat fails with UNKNOWN_MEMBER_ID (25), after which
        // librdkafka considers the assignment lost and rejoins.
        cluster.pushRequestErrors(apiKey: 12, codes: [25])
        _ = try await KafkaTestSupport.pollUntil(consumer) { calls.all.filter { $0 == "assigned 2" }.count == 2 }
        try await consumer.close()

        #expect(calls.all == ["assigned 2", "lost 2", "assigned 2", "revoked 2"])
        #expect(await Self.events(of: consumer) == [
            .assigned(partitions), .lost(partitions), .assigned(partitions), .revoked(partitions),
        ])
    }

    @Test("a failing assigned handler: poll throws it, nothing is consumed (no fallback to committed offsets), subscribing again retries",
          .timeLimit(.minutes(3)))
    func failingAssignedHandler() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "handler-fails"
        try cluster.createTopic(topic, partitions: 1)
        try await Self.produce(cluster, topic: topic, partitions: 1, count: 100)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)

        // The group has a committed offset (50) that a silent fallback would start from.
        let committer = try KafkaTestSupport.consumer(cluster, group: "handler-fails")
        try await committer.commit([partition: KafkaOffset(50)])
        try await committer.close()

        let attempts = Atomic<Int>(0)
        let handler = KafkaRebalanceHandler(assigned: { partitions in
            // The first call fails (the worker's store is unavailable); the retry starts at the stored 10.
            if attempts.wrappingAdd(1, ordering: .relaxed).oldValue == 0 { throw StoreUnavailable() }
            return partitions.contains(partition) ? [partition: KafkaOffset(10)] : [:]
        })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "handler-fails", rebalanceHandler: handler,
                                                     configure: Self.fastGroup)
        try consumer.subscribe(topics: [topic])

        // The poll that served the assignment throws the handler's error.
        var failure: KafkaRebalanceHandlerError?
        let deadline = ContinuousClock.now + .seconds(60)
        while failure == nil {
            guard ContinuousClock.now < deadline else { throw TestFailure("the handler's error never surfaced") }
            do {
                let batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(100))
                #expect(batch.isEmpty, "messages returned before the handler succeeded")
            } catch let error as KafkaRebalanceHandlerError {
                failure = error
            }
        }
        #expect(failure?.event == .assigned([partition]))
        #expect(failure?.underlying as? StoreUnavailable == StoreUnavailable())

        // Nothing is assigned, so nothing is consumed: not from the committed 50, not from anywhere.
        #expect(try await consumer.assignment().isEmpty)
        var readWhileFailed = 0
        for _ in 0..<10 {
            readWhileFailed += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(100)).count
        }
        #expect(readWhileFailed == 0)
        #expect(try await consumer.assignment().isEmpty)

        // Subscribing again rebalances; the handler now succeeds and consumption starts at its offset.
        try consumer.subscribe(topics: [topic])
        let received = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 90 })
        try await consumer.close()
        #expect(attempts.load(ordering: .relaxed) == 2)
        #expect(received.map(\.offset) == Array(10..<100))
    }

    @Test("a failing revoked handler during close: the consumer closes and close throws the error",
          .timeLimit(.minutes(2)))
    func failingRevokedHandlerOnClose() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "revoke-fails"
        try cluster.createTopic(topic, partitions: 1)
        let assigned = Atomic<Bool>(false)
        let handler = KafkaRebalanceHandler(
            assigned: { _ in assigned.store(true, ordering: .releasing); return [:] },
            revoked: { _ in throw StoreUnavailable() })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "revoke-fails", rebalanceHandler: handler)
        try consumer.subscribe(topics: [topic])
        _ = try await KafkaTestSupport.pollUntil(consumer) { assigned.load(ordering: .acquiring) }

        let error = try await #require(throws: KafkaRebalanceHandlerError.self) { try await consumer.close() }
        #expect(error.event == .revoked([KafkaTopicPartition(topic: topic, partition: 0)]))
        #expect(error.underlying as? StoreUnavailable == StoreUnavailable())
        // Closed all the same.
        await #expect(throws: KafkaError.self) { _ = try await consumer.poll() }
    }

    /// Polls until a non-empty batch comes from a poll that served no rebalance (the consumer's generation is
    /// the same before and after it); such a batch carries that generation.
    private static func freshBatch(_ consumer: KafkaConsumer, until deadline: ContinuousClock.Instant) async throws -> KafkaMessageBatch {
        while true {
            guard ContinuousClock.now < deadline else { throw TestFailure("no batch within the deadline") }
            let before = consumer.assignmentGeneration
            let batch = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100))
            // Only the consumer's poll queue changes its generation, so the poll started under `before`.
            #expect(batch.isEmpty || batch.assignmentGeneration == before)
            if !batch.isEmpty, consumer.assignmentGeneration == before { return batch }
        }
    }

    @Test("every batch carries the generation it was fetched under; a rebalance makes held batches stale",
          .timeLimit(.minutes(3)))
    func batchesCarryTheirGeneration() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "generations"
        try cluster.createTopic(topic, partitions: 2)
        try await Self.produce(cluster, topic: topic, partitions: 2, count: 200)
        let all = KafkaTopicPartition.all(topic, 2)

        let first = try KafkaTestSupport.consumer(cluster, group: "generations", configure: Self.fastGroup)
        #expect(first.assignmentGeneration == 0)
        try first.subscribe(topics: [topic])
        let deadline = ContinuousClock.now + .seconds(150)
        let held = try await Self.freshBatch(first, until: deadline)
        #expect(held.assignmentGeneration >= 1)

        // A second member joins: the first member's partitions are revoked and one is assigned back.
        let second = try KafkaTestSupport.consumer(cluster, group: "generations", configure: Self.fastGroup)
        try second.subscribe(topics: [topic])
        let secondLoop = Task {
            while !Task.isCancelled { _ = try? await second.poll(maxMessages: 100, timeout: .milliseconds(50)) }
        }
        defer { secondLoop.cancel() }
        while try await first.assignment().count != 1 {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("no rebalance: generation \(first.assignmentGeneration)")
            }
            let before = first.assignmentGeneration
            let batch = try await first.poll(maxMessages: 10, timeout: .milliseconds(100))
            #expect(batch.isEmpty || batch.assignmentGeneration == before)
        }
        // The held batch predates the revocation and the new assignment: the runtime can tell and drop it.
        #expect(held.assignmentGeneration + 2 <= first.assignmentGeneration)
        // A batch fetched under the new assignment carries its generation.
        let current = try await Self.freshBatch(first, until: deadline)
        #expect(current.assignmentGeneration > held.assignmentGeneration)

        secondLoop.cancel()
        try await second.close()
        try await first.close()
        let events = await Self.events(of: first)
        #expect(events.first == .assigned(all))
        #expect(events.contains(.revoked(all)))
        #expect(events.contains { if case .assigned(let partitions) = $0 { partitions.count == 1 } else { false } })
    }

    @Test("a manual assign increments the generation", .timeLimit(.minutes(2)))
    func manualAssignIncrementsGeneration() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "manual-generation"
        try cluster.createTopic(topic, partitions: 1)
        try await Self.produce(cluster, topic: topic, partitions: 1, count: 10)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaTestSupport.consumer(cluster, group: "manual-generation")
        try consumer.assign([partition: .beginning])
        let batch = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 10 })
        #expect(batch.count == 10)
        #expect(consumer.assignmentGeneration == 1)
        try consumer.assign([partition: KafkaOffset(5)])
        let again = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 5 })
        #expect(again.map(\.offset) == Array(5..<10))
        #expect(consumer.assignmentGeneration == 2)
        try await consumer.close()
    }
}
