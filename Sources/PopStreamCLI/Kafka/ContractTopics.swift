import Kafka
import PopStreamCore

/// The topics of the contract (section 1), as the domain names them.
enum ContractTopics {
    /// The four input topics, in contract order.
    static var inputs: [String] { EventKind.allCases.map(\.defaultTopic) }

    /// Every contract topic: the inputs, the alerts and one dead-letter topic per input.
    static var all: [String] { inputs + [defaultAlertTopic] + inputs.map(EventKind.deadLetterTopic(for:)) }

    /// The CreateTopics request for a real cluster. Alerts are keyed by `alertId` and compacted.
    static func specifications(partitions: Int, replicationFactor: Int) -> [KafkaTopicSpecification] {
        all.map { name in
            KafkaTopicSpecification(
                name: name, partitions: partitions, replicationFactor: replicationFactor,
                configs: name == defaultAlertTopic ? ["cleanup.policy": "compact"] : [:])
        }
    }
}
