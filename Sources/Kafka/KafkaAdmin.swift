import Dispatch
import Logging

/// Cluster administration: create topics, list topics. Blocking calls run on the admin's own Dispatch queue.
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient
    private let blockingQueue = DispatchQueue(label: "popstream.kafka.admin.blocking", attributes: .concurrent)

    public init(configuration: KafkaAdminConfiguration, logger: Logger = Logger(label: "popstream.kafka.admin")) throws {
        client = try RDKafkaClient(type: .producer, properties: configuration.librdkafkaProperties,
                                   context: RDKafkaCallbackContext(logger: logger))
    }

    /// Creates `topics` in one request. Idempotent: a topic that already exists counts as created.
    /// Throws the first per-topic error, or the request's error (e.g. a timeout).
    public func createTopics(_ topics: [KafkaTopicSpecification], timeout: Duration = .seconds(30)) async throws {
        guard !topics.isEmpty else { return }
        let client = self.client
        let outcome = try await blockingCall(on: blockingQueue) {
            try client.createTopics(topics, timeoutMs: timeout.milliseconds)
        }
        for topic in topics {
            if case .some(.some(let error)) = outcome[topic.name] { throw error }
        }
    }

    /// Every topic in the cluster with its partition count, sorted by name.
    public func listTopics(timeout: Duration = .seconds(10)) async throws -> [KafkaTopicMetadata] {
        let client = self.client
        return try await blockingCall(on: blockingQueue) { try client.topics(timeoutMs: timeout.milliseconds) }
    }
}
