import Foundation
import Kafka
import Logging
import Synchronization

/// Helpers shared by the Kafka tests. Every test starts its own mock cluster.
enum KafkaTestSupport {
    /// A quiet logger (errors only): broker-down tests make librdkafka log connection failures on purpose.
    static let logger: Logger = {
        var logger = Logger(label: "popstream.kafka.tests", factory: { StreamLogHandler.standardError(label: $0) })
        // KAFKA_TEST_LOG=debug (or info, warning, ...) shows librdkafka's logs when investigating a failure.
        let level = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }()

    static func producer(_ cluster: MockCluster, configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [cluster.bootstrapServers])
        configuration.linger = .milliseconds(1)
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    static func consumer(
        _ cluster: MockCluster, group: String,
        rebalanceHandler: KafkaRebalanceHandler = .committedOffsets,
        configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [cluster.bootstrapServers], groupID: group)
        configuration.properties["fetch.wait.max.ms"] = "20"
        if let debug = ProcessInfo.processInfo.environment["KAFKA_TEST_DEBUG"] { configuration.properties["debug"] = debug }
        configure(&configuration)
        return try KafkaConsumer(configuration: configuration, rebalanceHandler: rebalanceHandler, logger: logger)
    }

    static func partitions(_ topic: String, _ count: Int) -> [KafkaTopicPartition] {
        (0..<count).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
    }

    /// Polls until `predicate` holds for everything read so far, or fails after `timeout`.
    static func consume(
        _ consumer: KafkaConsumer, until predicate: ([ConsumedMessage]) -> Bool,
        timeout: Duration = .seconds(60)
    ) async throws -> [ConsumedMessage] {
        var received: [ConsumedMessage] = []
        let deadline = ContinuousClock.now + timeout
        while !predicate(received) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("timed out after reading \(received.count) messages")
            }
            let batch = try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(200))
            received += batch.map(ConsumedMessage.init)
        }
        return received
    }

    /// Waits (polling `consumer` for events) until `condition` holds, failing after `timeout`.
    static func pollUntil(
        _ consumer: KafkaConsumer, timeout: Duration = .seconds(60), _ condition: () throws -> Bool
    ) async throws -> [ConsumedMessage] {
        var received: [ConsumedMessage] = []
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw TestFailure("condition not met within \(timeout)") }
            received += try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(100)).map(ConsumedMessage.init)
        }
        return received
    }
}

/// A consumed message copied out of its batch, for comparisons.
struct ConsumedMessage: Equatable, Sendable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: String
    var headers: [KafkaHeader]

    init(_ message: KafkaMessage) {
        topic = message.topic
        partition = message.partition
        offset = message.offset
        key = message.key?.string
        value = message.value.string
        headers = message.headers
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
