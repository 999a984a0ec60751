import Logging

/// An in-process Kafka cluster for development and tests: librdkafka's mock cluster, `brokers` brokers on
/// loopback TCP ports that any Kafka client (other processes included) can use through `bootstrapServers`.
///
/// Data lives in memory as long as this object; each partition keeps about 5 MB (older messages are dropped).
/// The mock cannot serve CreateTopics from clients: create topics with `createTopic`.
public final class MockCluster: Sendable {
    private let cluster: RDKafkaMockCluster
    /// `host:port,...` of the brokers.
    public let bootstrapServers: String
    public let brokerCount: Int

    /// Taken shared while a cluster of this process binds its listeners, alone while a broker goes down.
    ///
    /// librdkafka 2.0's mock broker, taken down, closes its listening socket and binds a new one to
    /// the same port at once, aborting the process (`rd_assert`) if that fails. A cluster created in
    /// that instant may take the port with its own ephemeral bind, so the two never overlap; clusters
    /// are still created side by side.
    private static let listenerGate = ReadWriteLock()

    public init(brokers: Int = 1, logger: Logger = Logger(label: "popstream.kafka.mock")) throws {
        cluster = try Self.listenerGate.withReadLock {
            try RDKafkaMockCluster(brokers: Int32(clamping: brokers), logger: logger)
        }
        bootstrapServers = cluster.bootstrapServers
        brokerCount = brokers
    }

    /// Creates a topic (`rd_kafka_mock_topic_create`).
    public func createTopic(_ name: String, partitions: Int = 1, replicationFactor: Int = 1) throws {
        try cluster.createTopic(name, partitions: Int32(clamping: partitions),
                                replicationFactor: Int32(clamping: replicationFactor))
    }

    /// Takes broker `id` (1...brokerCount) down: its connections close and it refuses new ones.
    public func takeBrokerDown(_ id: Int) throws {
        try Self.listenerGate.withWriteLock { try cluster.setBroker(Int32(clamping: id), up: false) }
    }

    /// Brings broker `id` back up.
    public func bringBrokerUp(_ id: Int) throws {
        try cluster.setBroker(Int32(clamping: id), up: true)
    }

    /// Makes every request about `topic` fail with librdkafka error `code` (0 clears it).
    public func setTopicError(_ topic: String, code: Int32) {
        cluster.setTopicError(topic, code: code)
    }

    /// Makes the next requests of Kafka API `apiKey` fail with `codes`, one per request.
    public func pushRequestErrors(apiKey: Int16, codes: [Int32]) {
        cluster.pushRequestErrors(apiKey: apiKey, codes: codes)
    }

    /// Moves the leadership of one partition to broker `broker`.
    public func setPartitionLeader(topic: String, partition: Int, broker: Int) throws {
        try cluster.setPartitionLeader(topic: topic, partition: Int32(clamping: partition), broker: Int32(clamping: broker))
    }
}
