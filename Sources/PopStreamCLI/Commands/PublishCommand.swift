import ArgumentParser
import Foundation
import Kafka
import PopStreamCore

/// `popstream publish`: one event per line of a JSONL file, keyed by its `subjectId`, waiting for every
/// delivery report. Rejected lines and failed deliveries are reported by line number only.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish events from a JSONL file (key = subjectId) and wait for every delivery.",
        discussion: "Exit 0 when every line was published, 1 when a line was rejected or a delivery failed."
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Option(help: "Event kind: \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String

    @Option(help: "JSONL file, or - for stdin.")
    var file: String

    @Option(help: "Publish to this topic instead of the kind's contract topic.")
    var topic: String?

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        let eventKind = try EventKindOption.parse(kind)
        let destination = topic ?? eventKind.defaultTopic
        let data = Data(try InputFile.read(file, what: "--file"))
        var configuration = KafkaProducerConfiguration(bootstrapServers: try KafkaCLISupport.servers(bootstrap))
        configuration.clientID = "popstream-publish"
        configuration.messageTimeout = .seconds(60)
        configuration.properties = try KafkaCLISupport.properties(kafkaConfig)
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration, logger: KafkaCLISupport.logger("popstream.publish"))
        } catch let error as KafkaError {
            throw ConfigurationError(error.message)
        }

        let input = JSONLinePublisherInput(data: data)
        for rejected in input.rejected {
            KafkaCLISupport.printError("\(rejected.lineNumber): \(rejected.reason)")
        }
        let messages = input.accepted.map {
            KafkaProducerMessage(topic: destination, key: $0.key, value: $0.value)
        }
        let reports = try await producer.sendAll(messages)
        await producer.close()
        var failed = 0
        for (accepted, report) in zip(input.accepted, reports) {
            if let error = report.error {
                failed += 1
                KafkaCLISupport.printError("\(accepted.lineNumber): delivery failed: \(error.message)")
            }
        }
        let published = reports.count - failed
        var summary = "published \(published), rejected \(input.rejected.count)"
        if failed > 0 { summary += ", failed \(failed)" }
        print(summary)
        if failed > 0 || !input.rejected.isEmpty { throw ExitCode(1) }
    }
}
