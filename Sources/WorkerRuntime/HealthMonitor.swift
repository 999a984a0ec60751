import Foundation
import Kafka
import Logging
import Store

/// Checks, every few seconds, that the store and the broker answer (what `/readyz` reports), and
/// publishes each owned partition's consumer lag: the messages after the stored offset.
struct HealthMonitor: Sendable {
    let configuration: WorkerConfiguration
    let store: any StateStore
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let logger: Logger
    /// Time between two checks.
    var interval: Duration = .seconds(2)
    /// A check not answered within this time failed.
    var timeout: Duration = .seconds(2)

    func run(consumer: KafkaConsumer, ownership: PartitionOwnership) async {
        var reported: Set<TopicPartition> = []
        while !Task.isCancelled {
            // A partition this instance no longer owns shows no lag here (its new owner reports it).
            let owned = Set(await ownership.snapshot().keys)
            for partition in reported.subtracting(owned) {
                metrics.consumerLag(topic: partition.topic, partition: partition.partition, messages: 0)
            }
            reported = owned
            let previous = health.snapshot
            if await checkStore() { health.storeAnswered() }
            if await checkBroker(consumer, claims: await ownership.snapshot()) { health.brokerAnswered() }
            let now = health.snapshot
            if previous.storeReachable != now.storeReachable || previous.brokerReachable != now.brokerReachable {
                logger.info("health changed", metadata: ["store": "\(now.storeReachable ? "up" : "down")",
                                                         "broker": "\(now.brokerReachable ? "up" : "down")"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func checkStore() async -> Bool {
        do {
            _ = try await store.pendingOutbox(limit: 1)
            return true
        } catch {
            return false
        }
    }

    /// Asks the partitions' leaders for their end offsets: a broker answered if any did.
    private func checkBroker(_ consumer: KafkaConsumer, claims: [TopicPartition: PartitionOwnership.Claim]) async -> Bool {
        let partitions = claims.isEmpty ? [TopicPartition(topic: configuration.topic, partition: 0)] : Array(claims.keys)
        var answered = false
        for partition in partitions.sorted(by: <) {
            guard let marks = try? await consumer.watermarks(partition.kafka, timeout: timeout) else { continue }
            answered = true
            if let claim = claims[partition] {
                let position = max(claim.storedOffset ?? marks.low, marks.low)
                metrics.consumerLag(topic: partition.topic, partition: partition.partition, messages: marks.high - position)
            }
        }
        return answered
    }
}
