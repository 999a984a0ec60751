@testable import AlertNotifier
import Kafka
import Testing

@Suite("Commit tracker", .timeLimit(.minutes(3)))
struct CommitTrackerTests {
    private let partition = KafkaTopicPartition(topic: "t", partition: 0)

    @Test("an offset is committable once every destination is done with it and with everything before it")
    func waitsForEveryDestination() async {
        let tracker = CommitTracker()
        let first = await tracker.register(partition, offset: 10, destinations: 2)
        let second = await tracker.register(partition, offset: 11, destinations: 2)
        #expect(await tracker.committable()[partition] == KafkaOffset(10))
        await tracker.complete(second)
        await tracker.complete(second)
        #expect(await tracker.committable()[partition] == KafkaOffset(10), "offset 10 is still pending")
        await tracker.complete(first)
        #expect(await tracker.inFlight == 1)
        await tracker.complete(first)
        #expect(await tracker.committable()[partition] == KafkaOffset(12))
        #expect(await tracker.inFlight == 0)
        await tracker.committed([partition: KafkaOffset(12)])
        #expect(await tracker.committable().isEmpty)
    }

    @Test("after a reset, completions of messages read before it move nothing")
    func resetIgnoresOldEpoch() async {
        let tracker = CommitTracker()
        let old = await tracker.register(partition, offset: 5, destinations: 1)
        await tracker.reset([partition])
        let fresh = await tracker.register(partition, offset: 3, destinations: 1)
        await tracker.complete(old)
        #expect(await tracker.committable()[partition] == KafkaOffset(3))
        await tracker.complete(fresh)
        #expect(await tracker.committable()[partition] == KafkaOffset(4))
        #expect(await tracker.inFlight == 0)
    }
}
