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
        var result = security.properties
        result["bootstrap.servers"] = bootstrapServers.joined(separator: ",")
        result["client.id"] = clientID
        result.merge(properties) { _, raw in raw }
        return result
    }
}
