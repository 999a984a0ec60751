import ArgumentParser
import Foundation
import Kafka
import PopStreamCore
import ProcessShutdown

/// `popstream alerts tail --bootstrap B [--from-beginning]`: prints alert messages, one JSON object per line,
/// as they arrive, until SIGINT/SIGTERM (exit 0). Reads every partition of the topic directly (no consumer
/// group, nothing committed), from the end, or from the beginning with `--from-beginning`.
struct AlertsTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print alert messages, one JSON object per line, as they arrive (Ctrl-C stops).",
        discussion: "A value that is not a JSON object is reported on stderr with its partition and offset, and skipped."
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Flag(name: .customLong("from-beginning"), help: "Print the messages already in the topic first.")
    var fromBeginning = false

    @Option(help: "The alerts topic.")
    var topic: String = defaultAlertTopic

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        let servers = try KafkaCLISupport.servers(bootstrap)
        let properties = try KafkaCLISupport.properties(kafkaConfig)
        let shutdown = await ShutdownSignal.install(stopDeadline: StopDeadline(grace: .seconds(10), exitStatus: 0, program: "popstream alerts tail"))
        let logger = KafkaCLISupport.logger("popstream.alerts")
        let consumer: KafkaConsumer
        let admin: KafkaAdmin
        do {
            var adminConfiguration = KafkaAdminConfiguration(bootstrapServers: servers)
            adminConfiguration.properties = properties
            admin = try KafkaAdmin(configuration: adminConfiguration, logger: logger)
            var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "popstream-alerts-tail")
            configuration.clientID = "popstream-alerts-tail"
            configuration.properties = properties
            consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        } catch let error as KafkaError {
            throw ConfigurationError(error.message)
        }
        let topic = self.topic
        let start: KafkaOffset = fromBeginning ? .beginning : .end
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    let partitions = try await Self.partitions(of: topic, admin: admin)
                    try consumer.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, start) }))
                    try await Self.print(from: consumer)
                    return .success(())
                } catch is CancellationError {
                    return nil
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                _ = await shutdown.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .success(())
        }
        try? await consumer.close()
        if case .failure(let error) = outcome {
            KafkaCLISupport.printError("popstream: alerts tail failed: \(error)")
            throw ExitCode(1)
        }
    }

    /// Every partition of `topic`; throws when the cluster does not know the topic.
    private static func partitions(of topic: String, admin: KafkaAdmin) async throws -> [KafkaTopicPartition] {
        let topics = try await admin.listTopics()
        guard let metadata = topics.first(where: { $0.name == topic }), metadata.partitionCount > 0 else {
            throw ConfigurationError("topic \(topic) does not exist")
        }
        return (0..<metadata.partitionCount).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
    }

    /// Prints until cancelled; each line is written at once (a pipe reader sees it without delay).
    private static func print(from consumer: KafkaConsumer) async throws {
        while true {
            let batch = try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
            var output = Data()
            for message in batch {
                if let line = AlertLine.make(Array(message.value)) {
                    output.append(contentsOf: line.utf8)
                    output.append(UInt8(ascii: "\n"))
                } else {
                    KafkaCLISupport.printError("partition \(message.partition) offset \(message.offset): not a JSON object, skipped")
                }
            }
            if !output.isEmpty { FileHandle.standardOutput.write(output) }
        }
    }
}
