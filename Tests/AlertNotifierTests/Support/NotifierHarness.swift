import AlertNotifier
import Foundation
import Kafka
import Logging
import PopStreamCore

/// An embedded Kafka cluster with the alerts topic, a producer, and in-process notifiers.
final class NotifierHarness: Sendable {
    static let topic = "indicators.alerts.v1"

    /// Quiet unless `NOTIFIER_TEST_LOG=debug` (or another level) asks for the notifier's and librdkafka's logs.
    static let logger: Logger = {
        var logger = Logger(label: "test.notifier", factory: { StreamLogHandler.standardError(label: $0) })
        let level = ProcessInfo.processInfo.environment["NOTIFIER_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }()

    let cluster: MockCluster
    let producer: KafkaProducer
    let partitions: Int
    let stateDirectory: URL

    init(partitions: Int) throws {
        cluster = try MockCluster(brokers: 1, logger: Self.logger)
        try cluster.createTopic(Self.topic, partitions: partitions)
        self.partitions = partitions
        var configuration = KafkaProducerConfiguration(bootstrapServers: [cluster.bootstrapServers])
        configuration.linger = .milliseconds(1)
        producer = try KafkaProducer(configuration: configuration, logger: Self.logger)
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-notifier-\(UUID().uuidString)")
    }

    /// A notifier configuration for this cluster: fast retries, a short session (the mock makes a new
    /// member of a group wait for the session of the member that left), a ledger in a temporary folder.
    func configuration(group: String = "popstream-alert-notifier", state: String = "notifier.sqlite") -> NotifierConfiguration {
        var configuration = NotifierConfiguration(bootstrapServers: [cluster.bootstrapServers])
        configuration.groupID = group
        configuration.statePath = stateDirectory.appendingPathComponent(state).path
        configuration.retry = RetryPolicy(attempts: 4, initialDelay: .milliseconds(20), maxDelay: .milliseconds(100))
        configuration.requestTimeout = .seconds(5)
        configuration.drainTimeout = .seconds(2)
        configuration.kafkaProperties = ["session.timeout.ms": "6000", "fetch.wait.max.ms": "50"]
        return configuration
    }

    /// Publishes messages keyed by alertId (the contract's key), waiting for every delivery.
    func publish(_ messages: [AlertMessage]) async throws {
        try await publishRaw(messages.map { ($0.alertId, $0.jsonBytes()) })
    }

    /// Publishes raw (key, value) pairs.
    func publishRaw(_ messages: [(key: String, value: [UInt8])]) async throws {
        let reports = try await producer.sendAll(messages.map {
            KafkaProducerMessage(topic: Self.topic, key: $0.key, value: $0.value)
        })
        if let failed = reports.first(where: { $0.error != nil }) {
            throw TestFailure("publish failed: \(String(describing: failed.error))")
        }
    }

    /// Waits until `group` has committed the end of every partition (everything read is done).
    func waitUntilCommittedToEnd(group: String, timeout: Duration = .seconds(60)) async throws {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: [cluster.bootstrapServers], groupID: group),
            logger: Self.logger)
        defer { Task { try? await consumer.close() } }
        let partitions = (0..<self.partitions).map { KafkaTopicPartition(topic: Self.topic, partition: Int32($0)) }
        let deadline = ContinuousClock.now + timeout
        while true {
            let committed = try await consumer.committed(partitions)
            var atEnd = true
            for partition in partitions {
                let marks = try await consumer.watermarks(partition)
                if (committed[partition]?.rawValue ?? -1) < marks.high { atEnd = false }
            }
            if atEnd { return }
            guard ContinuousClock.now < deadline else { throw TestFailure("group \(group) did not commit to the end within \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The committed offset of each partition for `group` (-1 when none).
    func committed(group: String) async throws -> [Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: [cluster.bootstrapServers], groupID: group),
            logger: Self.logger)
        let partitions = (0..<self.partitions).map { KafkaTopicPartition(topic: Self.topic, partition: Int32($0)) }
        let committed = try await consumer.committed(partitions)
        try? await consumer.close()
        return partitions.map { committed[$0]?.rawValue ?? -1 }
    }

    func removeState() {
        try? FileManager.default.removeItem(at: stateDirectory)
    }
}

/// A notifier running in this process until `stop()`.
final class RunningNotifier: Sendable {
    let service: AlertNotifierService
    private let task: Task<Void, any Error>

    init(_ configuration: NotifierConfiguration) throws {
        let service = try AlertNotifierService(configuration: configuration, logger: NotifierHarness.logger)
        self.service = service
        self.task = Task { try await service.run() }
    }

    /// Stops as on SIGTERM and waits; rethrows what `run` threw.
    func stop() async throws {
        service.triggerStop()
        try await task.value
    }
}

/// Polls `condition` every 50 ms until it holds, failing after `timeout` with `message`.
func waitFor(_ message: @autoclosure () -> String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("timed out: \(message())") }
        try await Task.sleep(for: .milliseconds(50))
    }
}
