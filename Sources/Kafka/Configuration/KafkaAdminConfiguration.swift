/// Typed configuration of a `KafkaAdmin` client.
public struct KafkaAdminConfiguration: Sendable {
    public var bootstrapServers: [String]
    public var clientID: String = "popstream-admin"
    public var security: KafkaSecurity = .plaintext
    /// Raw librdkafka properties, applied after the typed ones.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    public var librdkafkaProperties: [String: String] {
        KafkaClientProperties.make(bootstrapServers: bootstrapServers, clientID: clientID, security: security,
                                   raw: properties)
    }
}
