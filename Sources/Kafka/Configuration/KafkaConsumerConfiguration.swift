/// Typed configuration of a `KafkaConsumer`, mapped to librdkafka properties by `librdkafkaProperties`.
///
/// Offsets are always manual: the layer sets `enable.auto.commit=false` and `enable.auto.offset.store=false`
/// and the caller commits the offsets it has made durable (`KafkaConsumer.commit`).
public struct KafkaConsumerConfiguration: Sendable {
    public var bootstrapServers: [String]
    public var clientID: String = "popstream"
    /// The consumer group (`group.id`).
    public var groupID: String
    /// How long the group waits for a silent member before moving its partitions (`session.timeout.ms`).
    public var sessionTimeout: Duration = .seconds(45)
    /// `heartbeat.interval.ms`; nil keeps librdkafka's default (3 s).
    public var heartbeatInterval: Duration?
    public var autoOffsetReset: KafkaAutoOffsetReset = .earliest
    /// Broker waits for this many bytes before answering a fetch (`fetch.min.bytes`).
    public var fetchMinBytes: Int?
    /// Upper bound of one fetch response (`fetch.max.bytes`).
    public var fetchMaxBytes: Int?
    /// Upper bound per partition in one fetch (`max.partition.fetch.bytes`).
    public var maxPartitionFetchBytes: Int?
    /// Messages prefetched per partition (`queued.min.messages`).
    public var queuedMinMessages: Int?
    public var security: KafkaSecurity = .plaintext
    /// Raw librdkafka properties, applied after the typed ones.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: [String], groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    /// The librdkafka properties this configuration stands for.
    public var librdkafkaProperties: [String: String] {
        KafkaClientProperties.make(bootstrapServers: bootstrapServers, clientID: clientID, security: security,
                                   raw: properties) { result in
            result["group.id"] = groupID
            result["session.timeout.ms"] = String(sessionTimeout.milliseconds)
            if let heartbeatInterval { result["heartbeat.interval.ms"] = String(heartbeatInterval.milliseconds) }
            result["auto.offset.reset"] = autoOffsetReset.rawValue
            result["enable.auto.commit"] = "false"
            result["enable.auto.offset.store"] = "false"
            if let fetchMinBytes { result["fetch.min.bytes"] = String(fetchMinBytes) }
            if let fetchMaxBytes { result["fetch.max.bytes"] = String(fetchMaxBytes) }
            if let maxPartitionFetchBytes { result["max.partition.fetch.bytes"] = String(maxPartitionFetchBytes) }
            if let queuedMinMessages { result["queued.min.messages"] = String(queuedMinMessages) }
        }
    }
}
