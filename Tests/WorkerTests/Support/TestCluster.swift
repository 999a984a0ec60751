import Foundation
import Kafka
import PopStreamCore

/// An embedded broker with the contract's topics, and a producer for the tests' events.
struct TestCluster: Sendable {
    let cluster: MockCluster
    let partitions: Int

    /// A cluster with every input topic, its dead-letter topic and the alert topic, `partitions` each
    /// (the input topics of `kindsCreatedLater` left out: ``createInputTopic(of:)`` makes them).
    init(brokers: Int = 1, partitions: Int = 3, kindsCreatedLater: Set<EventKind> = []) throws {
        cluster = try MockCluster(brokers: brokers)
        self.partitions = partitions
        for kind in EventKind.allCases {
            if !kindsCreatedLater.contains(kind) { try createInputTopic(of: kind) }
            try cluster.createTopic(EventKind.deadLetterTopic(for: kind.defaultTopic), partitions: partitions, replicationFactor: brokers)
        }
        try cluster.createTopic(defaultAlertTopic, partitions: partitions, replicationFactor: brokers)
    }

    /// Creates the input topic of `kind`.
    func createInputTopic(of kind: EventKind) throws {
        try cluster.createTopic(kind.defaultTopic, partitions: partitions, replicationFactor: cluster.brokerCount)
    }

    var bootstrap: String { cluster.bootstrapServers }

    /// Publishes `messages` to `kind`'s topic and waits for every delivery.
    func publish(_ messages: [Scenario.Message], kind: EventKind) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: [bootstrap]))
        let reports = try await producer.sendAll(messages.map {
            KafkaProducerMessage(topic: kind.defaultTopic, key: $0.key.map { Array($0.utf8) }, value: $0.value)
        })
        await producer.close()
        let failed = reports.filter { !$0.isDelivered }
        if let first = failed.first?.error { throw WorkerTestFailure("\(failed.count) deliveries failed: \(first)") }
    }

    /// Every alert message published so far.
    func alerts() async throws -> [Expectations.Alert] {
        try await TopicReader.readAll(bootstrap, topic: defaultAlertTopic, partitions: partitions).map {
            try JSONDecoder().decode(Expectations.Alert.self, from: Data($0.value))
        }
    }

    /// Every dead letter of `kind`.
    func deadLetters(_ kind: EventKind) async throws -> [TopicReader.Record] {
        try await TopicReader.readAll(bootstrap, topic: EventKind.deadLetterTopic(for: kind.defaultTopic), partitions: partitions)
    }
}

/// A temporary folder for a test's store and logs, removed at the end.
struct TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-worker-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var sqliteStore: String { "sqlite://" + url.appendingPathComponent("state.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The communes the scenarios place units in: a few lowest-level areas of two provinces of the bundled
/// two-level map.
enum TestAreas {
    static let registry = BundledAreas.twoLevel2025
    static let map = BundledAreas.twoLevel2025Name

    static let communes: [String] = {
        let lowest = registry.areas.filter { registry.isLowestLevel($0.code) }
        let provinces = Array(Set(lowest.compactMap(\.parentCode))).sorted().prefix(2)
        return provinces.flatMap { province in lowest.filter { $0.parentCode == province }.map(\.code).sorted().prefix(3) }
    }()
}
