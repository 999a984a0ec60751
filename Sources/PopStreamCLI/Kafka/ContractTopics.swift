import Kafka

/// The topics of the contract (section 1) and the input kinds that map to them.
enum ContractTopics {
    /// The four input kinds, in contract order.
    static let kinds = ["prenatal-screening", "newborn-screening", "premarital-checkup", "elderly-record"]

    /// The input topic of a kind (`health.<kind>.v1`), nil for an unknown kind.
    static func inputTopic(forKind kind: String) -> String? {
        kinds.contains(kind) ? "health.\(kind).v1" : nil
    }

    static let alerts = "indicators.alerts.v1"

    static var inputs: [String] { kinds.compactMap(inputTopic(forKind:)) }

    /// Every contract topic: the inputs, the alerts and one dead-letter topic per input.
    static var all: [String] { inputs + [alerts] + inputs.map { "\($0).dlq" } }

    /// The CreateTopics request for a real cluster. Alerts are keyed by `alertId` and compacted.
    static func specifications(partitions: Int, replicationFactor: Int) -> [KafkaTopicSpecification] {
        all.map { name in
            KafkaTopicSpecification(
                name: name, partitions: partitions, replicationFactor: replicationFactor,
                configs: name == alerts ? ["cleanup.policy": "compact"] : [:])
        }
    }
}
