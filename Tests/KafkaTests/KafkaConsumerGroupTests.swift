import Kafka
import Synchronization
import Testing

@Suite("Kafka consumer groups")
struct KafkaConsumerGroupTests {
    /// A consumer loop as a worker runs it: poll a batch, record it with its offsets in the group's store (the
    /// workers' database, shared by every member), commit it, until told to stop. A commit the group rejects
    /// during a rebalance (REBALANCE_IN_PROGRESS: the mock refuses commits while the group rebalances) is not
    /// lost: the rebalance handler starts every partition a member gets at the stored offset, so nothing is
    /// read twice even when a partition moves between members.
    final class Member: Sendable {
        let consumer: KafkaConsumer
        let consumed = Mutex<[Int]>([])
        let recorded: OffsetStore
        let commitErrors = Mutex<[String]>([])
        private let pending = Mutex<[KafkaTopicPartition: KafkaOffset]>([:])
        private let stopRequested = Atomic<Bool>(false)

        final class OffsetStore: Sendable {
            let offsets = Mutex<[KafkaTopicPartition: KafkaOffset]>([:])
        }

        init(_ cluster: MockCluster, group: String, store recorded: OffsetStore,
             configure: (inout KafkaConsumerConfiguration) -> Void) throws {
            self.recorded = recorded
            let handler = KafkaRebalanceHandler(assigned: { partitions in
                recorded.offsets.withLock { offsets in offsets.filter { partitions.contains($0.key) } }
            })
            consumer = try KafkaTestSupport.consumer(cluster, group: group, rebalanceHandler: handler, configure: configure)
        }

        /// Runs until `stop()` or until the task is cancelled (`poll` then throws `CancellationError`).
        func run() async throws {
            while !stopRequested.load(ordering: .acquiring), !Task.isCancelled {
                let batch = try await consumer.poll(maxMessages: 500, timeout: .milliseconds(100))
                if !batch.isEmpty {
                    let values = batch.map { Int($0.value.string) ?? -1 }
                    let next = batch.nextOffsets
                    consumed.withLock { $0 += values }
                    recorded.offsets.withLock { $0.merge(next) { $1 } }
                    pending.withLock { $0.merge(next) { $1 } }
                }
                // Commit what is recorded and not yet committed, for the partitions this member holds; a commit
                // refused during a rebalance is retried on the next round.
                let owned = Set(try await consumer.assignment())
                let toCommit = pending.withLock { $0.filter { owned.contains($0.key) } }
                guard !toCommit.isEmpty else { continue }
                do {
                    try await consumer.commit(toCommit)
                    pending.withLock { pending in
                        for (partition, offset) in toCommit where pending[partition] == offset {
                            pending.removeValue(forKey: partition)
                        }
                    }
                } catch {
                    commitErrors.withLock { $0.append("\(error)") }
                }
            }
        }

        /// Offsets recorded but not yet committed by this member, for partitions it still holds.
        func uncommitted() async throws -> Int {
            let owned = Set(try await consumer.assignment())
            return pending.withLock { $0.keys.filter { owned.contains($0) }.count }
        }

        func stop() { stopRequested.store(true, ordering: .releasing) }
        var count: Int { consumed.withLock { $0.count } }
    }

    private static func produce(_ producer: KafkaProducer, topic: String, range: Range<Int>) async throws {
        let reports = try await producer.sendAll(range.map {
            KafkaProducerMessage(topic: topic, key: "subject-\($0)", value: Array(String($0).utf8))
        })
        #expect(reports.allSatisfy { $0.isDelivered })
    }

    /// Waits for `task`, cancelling it if the waiting task is cancelled (as the time limit does), so a member
    /// loop can never keep the test waiting.
    private static func finish(_ task: Task<Void, any Error>) async throws {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Every wait below has its own deadline that fails the test; the time limit is the last resort (the
    /// test is cancelled, the member loops stop).
    @Test("two members split six partitions; after one leaves, the other resumes its partitions from the committed offsets",
          .timeLimit(.minutes(3)))
    func groupSplitAndHandover() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "group-split"
        try cluster.createTopic(topic, partitions: 6)
        let producer = try KafkaTestSupport.producer(cluster)
        try await Self.produce(producer, topic: topic, range: 0..<1500)

        let configure: (inout KafkaConsumerConfiguration) -> Void = {
            $0.sessionTimeout = .seconds(6)
            $0.heartbeatInterval = .milliseconds(300)
        }
        let store = Member.OffsetStore()
        let a = try Member(cluster, group: "split", store: store, configure: configure)
        let b = try Member(cluster, group: "split", store: store, configure: configure)
        try a.consumer.subscribe(topics: [topic])
        try b.consumer.subscribe(topics: [topic])
        let runA = Task { try await a.run() }
        let runB = Task { try await b.run() }
        // Whatever happens (a failed wait throws), the member loops end with the test.
        defer {
            a.stop()
            b.stop()
            runA.cancel()
            runB.cancel()
        }

        // Wait for the split (both members hold partitions) and for the first half to be consumed.
        let deadline = ContinuousClock.now + .seconds(60)
        var split: ([KafkaTopicPartition], [KafkaTopicPartition]) = ([], [])
        while true {
            split = (try await a.consumer.assignment(), try await b.consumer.assignment())
            if !split.0.isEmpty, !split.1.isEmpty, split.0.count + split.1.count == 6, a.count + b.count >= 1500 { break }
            guard ContinuousClock.now < deadline else { throw TestFailure("no split: \(split), \(a.count + b.count) consumed") }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(Set(split.0).isDisjoint(with: split.1))
        #expect(Set(split.0 + split.1) == Set(KafkaTopicPartition.all(topic, 6)))

        // A leaves cleanly: stop its loop (its last batch is committed), then close.
        a.stop()
        try await Self.finish(runA)
        try await a.consumer.close()

        try await Self.produce(producer, topic: topic, range: 1500..<3000)
        await producer.close()

        // B must get A's partitions and read everything after A's committed offsets.
        while true {
            let held = try await b.consumer.assignment()
            let uncommitted = try await b.uncommitted()
            if a.count + b.count >= 3000, held.count == 6, uncommitted == 0 { break }
            guard ContinuousClock.now < deadline + .seconds(60) else {
                throw TestFailure("handover incomplete: \(a.count + b.count) consumed, B holds \(held), commit errors \(b.commitErrors.withLock { $0 })")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        b.stop()
        try await Self.finish(runB)
        // Closing finishes the rebalance event stream, so reading it to the end cannot wait forever.
        try await b.consumer.close()
        var bEvents: [KafkaRebalanceEvent] = []
        for await event in b.consumer.rebalanceEvents { bEvents.append(event) }

        let all = a.consumed.withLock { $0 } + b.consumed.withLock { $0 }
        #expect(all.count == 3000, "messages lost or repeated: \(all.count)")
        #expect(Set(all) == Set(0..<3000))
        #expect(bEvents.contains(.assigned(KafkaTopicPartition.all(topic, 6))))

        // The group's committed offsets reached the end of every partition.
        let observer = try KafkaTestSupport.consumer(cluster, group: "split")
        let partitions = KafkaTopicPartition.all(topic, 6)
        let committed = try await observer.committed(partitions)
        for partition in partitions {
            let high = try await observer.watermarks(partition).high
            #expect(committed[partition] == KafkaOffset(high), "\(partition): committed \(String(describing: committed[partition])), end \(high)")
        }
        try await observer.close()
    }

    @Test("a rebalance handler's start offsets are where consumption begins", .timeLimit(.minutes(2)))
    func handlerSuppliesStartOffsets() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "handler-offsets"
        try cluster.createTopic(topic, partitions: 3)
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<300).map {
            KafkaProducerMessage(topic: topic, partition: Int32($0 % 3), key: "k\($0)", value: Array(String($0).utf8))
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })

        // The caller's own store says: partition 0 done up to 40, partition 1 up to 90; partition 2 unknown.
        let stored: [KafkaTopicPartition: KafkaOffset] = [
            KafkaTopicPartition(topic: topic, partition: 0): KafkaOffset(40),
            KafkaTopicPartition(topic: topic, partition: 1): KafkaOffset(90),
        ]
        let assignedSeen = Mutex<[KafkaTopicPartition]>([])
        let handler = KafkaRebalanceHandler(assigned: { partitions in
            assignedSeen.withLock { $0 = partitions }
            return stored.filter { partitions.contains($0.key) }
        })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "handler", rebalanceHandler: handler)
        try consumer.subscribe(topics: [topic])
        let expectedCount = (100 - 40) + (100 - 90) + 100
        let received = try await KafkaTestSupport.consume(consumer, until: { $0.count >= expectedCount })
        try await consumer.close()

        #expect(Set(assignedSeen.withLock { $0 }) == Set(KafkaTopicPartition.all(topic, 3)))
        #expect(received.count == expectedCount)
        #expect(received.filter { $0.partition == 0 }.map(\.offset) == Array(40..<100))
        #expect(received.filter { $0.partition == 1 }.map(\.offset) == Array(90..<100))
        #expect(received.filter { $0.partition == 2 }.map(\.offset) == Array(0..<100))
    }
}

extension KafkaTopicPartition {
    static func all(_ topic: String, _ count: Int) -> [KafkaTopicPartition] {
        KafkaTestSupport.partitions(topic, count)
    }
}

@Suite("Kafka consumer close")
struct KafkaConsumerCloseTests {
    @Test("the final revocation handler inside close() can still commit", .timeLimit(.minutes(2)))
    func revocationHandlerCommitsOnClose() async throws {
        let cluster = try MockCluster(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = "close-commit"
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaTestSupport.producer(cluster)
        let reports = try await producer.sendAll((0..<20).map {
            KafkaProducerMessage(topic: topic, key: "k\($0)", value: Array(String($0).utf8))
        })
        await producer.close()
        #expect(reports.allSatisfy { $0.isDelivered })

        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        let consumerBox = Mutex<KafkaConsumer?>(nil)
        let commitOutcome = Mutex<String?>(nil)
        let handler = KafkaRebalanceHandler(revoked: { partitions in
            guard partitions.contains(partition), let consumer = consumerBox.withLock({ $0 }) else { return }
            do {
                try await consumer.commit([partition: KafkaOffset(7)])
                commitOutcome.withLock { $0 = "committed" }
            } catch {
                commitOutcome.withLock { $0 = "\(error)" }
            }
        })
        let consumer = try KafkaTestSupport.consumer(cluster, group: "close-commit", rebalanceHandler: handler)
        consumerBox.withLock { $0 = consumer }
        try consumer.subscribe(topics: [topic])
        let received = try await KafkaTestSupport.consume(consumer, until: { $0.count >= 20 })
        #expect(received.count == 20)
        try await consumer.close()
        consumerBox.withLock { $0 = nil }
        #expect(commitOutcome.withLock { $0 } == "committed")

        // Another client of the group sees the offset committed during close.
        let observer = try KafkaTestSupport.consumer(cluster, group: "close-commit")
        #expect(try await observer.committed([partition]) == [partition: KafkaOffset(7)])
        try await observer.close()
        await #expect(throws: KafkaError.self) { _ = try await consumer.poll() }
    }
}
