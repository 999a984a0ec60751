/// Typed configuration of a `KafkaProducer`, mapped to librdkafka properties by `librdkafkaProperties`.
///
/// Defaults favour safety: idempotence on, `acks=all`. `properties` is the escape hatch for any other
/// librdkafka property (`key=value`); it is applied last and wins over the typed fields.
public struct KafkaProducerConfiguration: Sendable {
    /// `host:port` pairs (`bootstrap.servers`).
    public var bootstrapServers: [String]
    public var clientID: String = "popstream"
    /// Exactly-once per partition within a producer session (`enable.idempotence`).
    public var idempotence: Bool = true
    public var acks: KafkaAcks = .all
    public var compression: KafkaCompression = .none
    /// How long to wait to fill a batch before sending (`linger.ms`).
    public var linger: Duration = .milliseconds(5)
    /// How long a message may wait for delivery before it fails (`message.timeout.ms`); nil keeps librdkafka's.
    public var messageTimeout: Duration?
    /// Largest message accepted by the client (`message.max.bytes`); nil keeps librdkafka's default (1 MB).
    public var messageMaxBytes: Int?
    /// Most messages buffered in the client (`queue.buffering.max.messages`); nil keeps librdkafka's default.
    public var queueBufferingMaxMessages: Int?
    public var security: KafkaSecurity = .plaintext
    /// Raw librdkafka properties, applied after the typed ones.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties this configuration stands for.
    public var librdkafkaProperties: [String: String] {
        KafkaClientProperties.make(bootstrapServers: bootstrapServers, clientID: clientID, security: security,
                                   raw: properties) { result in
            result["enable.idempotence"] = idempotence ? "true" : "false"
            result["acks"] = acks.rawValue
            result["compression.codec"] = compression.rawValue
            result["linger.ms"] = String(linger.milliseconds)
            if let messageTimeout { result["message.timeout.ms"] = String(messageTimeout.milliseconds) }
            if let messageMaxBytes { result["message.max.bytes"] = String(messageMaxBytes) }
            if let queueBufferingMaxMessages {
                result["queue.buffering.max.messages"] = String(queueBufferingMaxMessages)
            }
        }
    }
}
