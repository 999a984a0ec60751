import Kafka
import Synchronization
import Testing

@Suite("Kafka broker failure")
struct KafkaBrokerFailureTests {
    @Test("a broker down and back up in the middle of production and consumption loses nothing", .timeLimit(.minutes(3)))
    func brokerDownAndUpLosesNothing() async throws {
        let cluster = try MockCluster(brokers: 3, logger: KafkaTestSupport.logger)
        let topic = "broker-failure"
        try cluster.createTopic(topic, partitions: 6, replicationFactor: 3)
        let fastReconnect: [String: String] = ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]
        let producer = try KafkaTestSupport.producer(cluster) { $0.properties = fastReconnect }
        let consumer = try KafkaTestSupport.consumer(cluster, group: "broker-failure") {
            $0.properties.merge(fastReconnect) { $1 }
        }
        try consumer.assign(Dictionary(uniqueKeysWithValues: KafkaTopicPartition.all(topic, 6).map { ($0, KafkaOffset.beginning) }))

        let total = 6000
        let reader = Task { try await KafkaTestSupport.consume(consumer, until: { $0.count >= total }, timeout: .seconds(90)) }
        func messages(_ range: Range<Int>) -> [KafkaProducerMessage] {
            range.map { KafkaProducerMessage(topic: topic, key: "subject-\($0)", value: Array(String($0).utf8)) }
        }

        let first = try await producer.sendAll(messages(0..<2000))
        #expect(first.allSatisfy { $0.isDelivered })

        // Broker 2 goes down while messages are in flight; it stays down for a second, then comes back.
        try cluster.takeBrokerDown(2)
        async let during = producer.sendAll(messages(2000..<4000))
        try await Task.sleep(for: .seconds(1))  // the outage itself, not a wait for an event
        try cluster.bringBrokerUp(2)
        let second = try await during
        #expect(second.allSatisfy { $0.isDelivered }, "\(second.filter { !$0.isDelivered }.count) failed")

        let third = try await producer.sendAll(messages(4000..<6000))
        #expect(third.allSatisfy { $0.isDelivered })
        await producer.close()

        let received = try await reader.value
        try await consumer.close()
        let values = received.map { Int($0.value) ?? -1 }
        #expect(values.count == total, "lost or duplicated: \(values.count)")
        #expect(Set(values) == Set(0..<total))
        // Per partition, offsets are contiguous: no gap, no repeat (idempotent producer).
        for partition in Int32(0)..<6 {
            let offsets = received.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)), "partition \(partition) offsets not contiguous")
        }
    }
}
