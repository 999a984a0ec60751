@testable import Kafka
import Synchronization
import Testing

@Suite("Kafka consumer: calls serialised with the batch poll, off the cooperative pool")
struct KafkaPollQueueTests {
    private static func produce(_ cluster: MockCluster, topic: String, partitions: Int, count: Int) async throws {
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<count).map {
            KafkaProducerMessage(topic: topic, partition: Int32($0 % partitions), key: "k\($0)", value: Array(String($0).utf8))
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })
    }

    /// librdkafka 2.0.x loses or misplaces messages when a seek runs during a batch call. Seeks made while a
    /// loop polls continuously must therefore leave every batch contiguous, and every jump between two
    /// batches must land exactly on a seek target (nothing skipped, nothing stale returned).
    @Test("seeks during a running poll loop: batches stay contiguous and every jump lands on a seek target",
          .timeLimit(.minutes(2)))
    func seekSerialisedWithPolls() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "seek-loop"
        try cluster.createTopic(topic, partitions: 1)
        let total = 2000
        try await Self.produce(cluster, topic: topic, partitions: 1, count: total)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)

        let consumer = try KafkaTestSupport.consumer(cluster, group: "seek-loop")
        try consumer.assign([partition: .beginning])
        let batches = Mutex<[[Int64]]>([])
        let stop = Atomic<Bool>(false)
        let reader = Task {
            while !stop.load(ordering: .acquiring) {
                let batch = try await consumer.poll(maxMessages: 37, timeout: .milliseconds(20))
                if !batch.isEmpty {
                    let offsets = batch.map(\.offset)
                    batches.withLock { $0.append(offsets) }
                }
            }
        }
        defer { reader.cancel() }

        // Each seek goes to a distinct target; the next one waits until a batch starting there was read.
        let targets: [Int64] = [1500, 20, 1999, 700, 0, 1234, 50, 1800, 333, 999]
        for target in targets {
            let seen = batches.withLock { $0.count }
            try await consumer.seek([partition: KafkaOffset(target)])
            let deadline = ContinuousClock.now + .seconds(30)
            while !batches.withLock({ $0.dropFirst(seen).contains { $0.first == target } }) {
                guard ContinuousClock.now < deadline else { throw TestFailure("seek to \(target) never took effect") }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        // After the last seek, read to the end.
        let deadline = ContinuousClock.now + .seconds(30)
        while batches.withLock({ $0.last?.last }) != Int64(total - 1) {
            guard ContinuousClock.now < deadline else { throw TestFailure("did not reach the end after the last seek") }
            try await Task.sleep(for: .milliseconds(5))
        }
        stop.store(true, ordering: .releasing)
        try await reader.value
        try await consumer.close()

        let read = batches.withLock { $0 }
        for batch in read {
            #expect(batch == Array(batch[0]..<(batch[0] + Int64(batch.count))), "a batch is not contiguous: \(batch)")
        }
        var jumps: [Int64] = []
        for (previous, next) in zip(read, read.dropFirst()) where next[0] != (previous.last ?? -2) + 1 {
            jumps.append(next[0])
        }
        #expect(Set(jumps).isSubset(of: Set(targets)), "jumps to offsets nobody sought: \(jumps)")
        #expect(jumps.count <= targets.count)
    }

    @Test("subscribe, assign, assignment and every other blocking call run outside Swift tasks",
          .timeLimit(.minutes(2)))
    func blockingCallsStayOffTheCooperativePool() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "off-pool"
        try cluster.createTopic(topic, partitions: 2)
        try await Self.produce(cluster, topic: topic, partitions: 2, count: 20)
        let partitions = KafkaTopicPartition.all(topic, 2)

        // Group member: subscribe, assignment, poll, commit, committed, watermarks, seek, close.
        let member = try KafkaTestSupport.consumer(cluster, group: "off-pool")
        try member.subscribe(topics: [topic])
        var received: [ConsumedMessage] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while try await member.assignment() != partitions || received.count < 20 {
            guard ContinuousClock.now < deadline else { throw TestFailure("no assignment: \(received.count) read") }
            received += try await member.poll(maxMessages: 100, timeout: .milliseconds(100)).map(ConsumedMessage.init)
        }
        try await member.commit([partitions[0]: KafkaOffset(3)])
        #expect(try await member.committed([partitions[0]]) == [partitions[0]: KafkaOffset(3)])
        #expect(try await member.watermarks(partitions[1]) == KafkaWatermarks(low: 0, high: 10))
        try await member.seek([partitions[1]: KafkaOffset(4)])

        // Manual assignment: assign, assignment, poll, close.
        let manual = try KafkaTestSupport.consumer(cluster, group: "off-pool-manual")
        try manual.assign([partitions[1]: KafkaOffset(5)])
        #expect(try await manual.assignment() == [partitions[1]])
        let manualRead = try await KafkaTestSupport.consume(manual, until: { $0.count >= 5 })
        #expect(manualRead.map(\.offset) == Array(5..<10))
        try await manual.close()
        try await member.close()

        for consumer in [member, manual] {
            #expect(consumer.client.audit.callsInsideTasks == 0)
            #expect(consumer.client.audit.callsOutsideTasks >= 4)
        }
        // The probe does see a blocking call made from a task: this test's own task calls the wrapper directly.
        _ = try? manual.client.assignment()
        #expect(manual.client.audit.callsInsideTasks == 1)
    }

    @Test("calls that wait for the poll fail inside this consumer's rebalance handler instead of deadlocking",
          .timeLimit(.minutes(2)))
    func handlerCannotWaitForItsOwnPoll() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "handler-calls"
        try cluster.createTopic(topic, partitions: 1)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        let box = Mutex<KafkaConsumer?>(nil)
        let outcomes = Mutex<[String]>([])
        let handler = KafkaRebalanceHandler(assigned: { _ in
            guard let consumer = box.withLock({ $0 }) else { return [:] }
            func attempt(_ name: String, _ call: () async throws -> Void) async {
                do {
                    try await call()
                    outcomes.withLock { $0.append("\(name): returned") }
                } catch let error as KafkaError {
                    outcomes.withLock { $0.append("\(name): \(error.kind)") }
                } catch {
                    outcomes.withLock { $0.append("\(name): \(error)") }
                }
            }
            await attempt("seek") { try await consumer.seek([partition: .beginning]) }
            await attempt("assignment") { _ = try await consumer.assignment() }
            await attempt("poll") { _ = try await consumer.poll() }
            await attempt("assign") { try consumer.assign([partition: .beginning]) }
            await attempt("committed") { _ = try await consumer.committed([partition]) }
            return [:]
        })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "handler-calls", rebalanceHandler: handler)
        box.withLock { $0 = consumer }
        try consumer.subscribe(topics: [topic])
        let deadline = ContinuousClock.now + .seconds(60)
        while outcomes.withLock({ $0.isEmpty }) {
            guard ContinuousClock.now < deadline else { throw TestFailure("never assigned") }
            _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100))
        }
        box.withLock { $0 = nil }
        try await consumer.close()
        #expect(outcomes.withLock { $0 } == [
            "seek: client", "assignment: client", "poll: client", "assign: client", "committed: returned",
        ])
    }
}
