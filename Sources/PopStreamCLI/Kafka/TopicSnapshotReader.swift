import Foundation
import Kafka

/// Reads what a topic holds now: every partition from its low to its high watermark as seen at start
/// (messages arriving later are not read), without a consumer group.
struct TopicSnapshotReader {
    let servers: [String]
    let properties: [String: String]
    let logger = KafkaCLISupport.logger("popstream.topic-reader")

    /// Calls `body` for each message of `topic`, partition by partition, in offset order.
    func read(_ topic: String, _ body: (KafkaMessage) throws -> Void) async throws {
        var adminConfiguration = KafkaAdminConfiguration(bootstrapServers: servers)
        adminConfiguration.properties = properties
        let admin = try KafkaAdmin(configuration: adminConfiguration, logger: logger)
        guard let metadata = try await admin.listTopics().first(where: { $0.name == topic }) else {
            throw ConfigurationError("topic \(topic) does not exist")
        }
        var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "popstream-topic-reader")
        configuration.clientID = "popstream-topic-reader"
        configuration.properties = properties
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        var ends: [Int32: Int64] = [:]
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        for number in 0..<Int32(metadata.partitionCount) {
            let partition = KafkaTopicPartition(topic: topic, partition: number)
            let marks = try await consumer.watermarks(partition)
            guard marks.high > marks.low else { continue }
            ends[number] = marks.high
            starts[partition] = KafkaOffset(marks.low)
        }
        guard !starts.isEmpty else {
            try await consumer.close()
            return
        }
        try consumer.assign(starts)
        var next = Dictionary(uniqueKeysWithValues: starts.map { ($0.key.partition, $0.value.rawValue) })
        let deadline = ContinuousClock.now + .seconds(300)
        while ends.contains(where: { (next[$0.key] ?? 0) < $0.value }) {
            guard ContinuousClock.now < deadline else { throw KafkaError(kind: .timeout, message: "reading \(topic) took too long") }
            for message in try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200)) {
                guard let end = ends[message.partition], message.offset < end else { continue }
                next[message.partition] = message.offset + 1
                try body(message)
            }
        }
        try await consumer.close()
    }
}
