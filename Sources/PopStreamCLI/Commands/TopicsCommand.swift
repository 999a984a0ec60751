import ArgumentParser
import Kafka

/// `popstream topics ...`: topic administration on a real cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Manage the contract topics on a Kafka cluster.",
        subcommands: [TopicsCreateCommand.self]
    )
}

/// `popstream topics create`: creates every contract topic; a topic that exists already is left as it is.
struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create the contract topics (idempotent).",
        discussion: "The embedded dev-broker creates its topics itself and cannot serve this request."
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Option(help: "Partitions per topic.")
    var partitions: Int = 6

    @Option(help: "Replication factor.")
    var replication: Int = 1

    @Option(help: "Seconds to wait for the cluster's answer.")
    var timeout: Int = 30

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        guard partitions >= 1 else { throw ConfigurationError("--partitions must be at least 1") }
        guard replication >= 1 else { throw ConfigurationError("--replication must be at least 1") }
        guard timeout >= 1 else { throw ConfigurationError("--timeout must be at least 1 second") }
        var configuration = KafkaAdminConfiguration(bootstrapServers: try KafkaCLISupport.servers(bootstrap))
        configuration.properties = try KafkaCLISupport.properties(kafkaConfig)
        let admin: KafkaAdmin
        do {
            admin = try KafkaAdmin(configuration: configuration, logger: KafkaCLISupport.logger("popstream.topics"))
        } catch let error as KafkaError {
            throw ConfigurationError(error.message)
        }
        let specifications = ContractTopics.specifications(partitions: partitions, replicationFactor: replication)
        do {
            try await admin.createTopics(specifications, timeout: .seconds(timeout))
        } catch {
            KafkaCLISupport.printError("popstream: topics create failed: \(error)")
            throw ExitCode(1)
        }
        for spec in specifications {
            print("\(spec.name): ok (\(spec.partitions) partitions, replication \(spec.replicationFactor))")
        }
    }
}
