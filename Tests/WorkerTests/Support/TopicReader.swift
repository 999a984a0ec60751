import Foundation
import Kafka
import Store

/// Reads whole topics from the beginning (every partition, up to the end offsets seen at start).
enum TopicReader {
    /// A message read back, its value and headers copied.
    struct Record: Sendable {
        var partition: Int32
        var offset: Int64
        var key: String?
        var value: [UInt8]
        var headers: [String: String]
    }

    /// The oldest offset the broker still keeps of each partition.
    static func lowWatermarks(_ bootstrap: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: [bootstrap],
                                                                                   groupID: "reader-\(UUID().uuidString)"))
        defer { Task { try? await consumer.close(timeout: .seconds(5)) } }
        var lows: [TopicPartition: Int64] = [:]
        for partition in partitions {
            lows[partition] = try await consumer.watermarks(KafkaTopicPartition(topic: partition.topic, partition: partition.partition)).low
        }
        return lows
    }

    /// Every message of `topic` (with `partitions` partitions) on `cluster`.
    static func readAll(_ bootstrap: String, topic: String, partitions: Int) async throws -> [Record] {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: [bootstrap],
                                                                                   groupID: "reader-\(UUID().uuidString)"))
        defer { Task { try? await consumer.close(timeout: .seconds(5)) } }
        var ends: [Int32: Int64] = [:]
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        for partition in 0..<Int32(partitions) {
            let marks = try await consumer.watermarks(KafkaTopicPartition(topic: topic, partition: partition))
            ends[partition] = marks.high
            starts[KafkaTopicPartition(topic: topic, partition: partition)] = KafkaOffset(marks.low)
        }
        let total = ends.values.reduce(0, +)
        var records: [Record] = []
        guard total > 0 else { return [] }
        try consumer.assign(starts)
        let deadline = ContinuousClock.now + .seconds(60)
        var seen: [Int32: Int64] = [:]
        for (partition, start) in starts { seen[partition.partition] = start.rawValue - 1 }
        while ends.contains(where: { (seen[$0.key] ?? -1) + 1 < $0.value }) {
            guard ContinuousClock.now < deadline else { throw WorkerTestFailure("\(topic): read \(records.count) of \(total)") }
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(100)) {
                seen[message.partition] = message.offset
                var headers: [String: String] = [:]
                for header in message.headers { headers[header.key] = header.value.map { String(decoding: $0, as: UTF8.self) } }
                records.append(Record(partition: message.partition, offset: message.offset, key: message.key?.string,
                                      value: Array(message.value), headers: headers))
            }
        }
        return records
    }
}
