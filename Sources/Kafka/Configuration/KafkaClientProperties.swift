/// The librdkafka properties every client shares, built in one place for the producer, consumer and
/// admin configurations: security first, then bootstrap servers and client id, then the client's own
/// typed properties, and last the raw `key=value` overrides, which win over everything typed.
enum KafkaClientProperties {
    static func make(bootstrapServers: [String], clientID: String, security: KafkaSecurity,
                     raw: [String: String], typed: (inout [String: String]) -> Void = { _ in }) -> [String: String] {
        var result = security.properties
        result["bootstrap.servers"] = bootstrapServers.joined(separator: ",")
        result["client.id"] = clientID
        typed(&result)
        result.merge(raw) { _, raw in raw }
        return result
    }
}
