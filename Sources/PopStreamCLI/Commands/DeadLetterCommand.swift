import ArgumentParser
import Foundation
import Kafka
import PopStreamCore

/// `popstream dlq stats|replay`: the dead-letter topics (`<input topic>.dlq`).
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Dead letters: count them by reason, or republish them to their input topic after a fix.",
        subcommands: [DeadLetterStatsCommand.self, DeadLetterReplayCommand.self]
    )
}

/// Reading the headers the workers write on a dead letter (``DeadLetterHeader``).
enum DeadLetterHeaders {
    /// The reason code of a dead letter (`unknown` when the header is missing).
    static func reason(_ message: KafkaMessage) -> String {
        message.headers.first { $0.key == DeadLetterHeader.error }?.value.map { String(decoding: $0, as: UTF8.self) } ?? "unknown"
    }
}

/// `popstream dlq stats`: dead letters by topic and reason, as they are now.
extension DeadLetterCommand {
    /// Refuses a `--topic` that is not a dead-letter topic (`<input topic>.dlq`).
    static func checkDeadLetterTopic(_ topic: String) throws {
        guard topic.hasSuffix(".dlq"), topic.count > 4 else {
            throw ConfigurationError("--topic must be a dead-letter topic ending in .dlq, got '\(topic)'")
        }
    }
}

struct DeadLetterStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count dead letters by reason (every contract dead-letter topic, or --topic).",
        discussion: "Prints one line per topic and reason: TOPIC<TAB>REASON<TAB>COUNT, then the total; --format json prints one object."
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Option(help: "One dead-letter topic (default: the four of the contract).")
    var topic: String?

    @Option(help: "text or json.")
    var format = "text"

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        guard ["text", "json"].contains(format) else { throw ConfigurationError("--format must be text or json, got '\(format)'") }
        let reader = TopicSnapshotReader(servers: try KafkaCLISupport.servers(bootstrap), properties: try KafkaCLISupport.properties(kafkaConfig))
        if let topic { try DeadLetterCommand.checkDeadLetterTopic(topic) }
        let topics = topic.map { [$0] } ?? EventKind.allCases.map { EventKind.deadLetterTopic(for: $0.defaultTopic) }
        var counts: [String: [String: Int]] = [:]
        for name in topics {
            var byReason: [String: Int] = [:]
            try await reader.read(name) { byReason[DeadLetterHeaders.reason($0), default: 0] += 1 }
            counts[name] = byReason
        }
        let total = counts.values.flatMap(\.values).reduce(0, +)
        if format == "json" {
            let data = try JSONSerialization.data(withJSONObject: ["topics": counts, "total": total], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for name in topics {
                for (reason, count) in (counts[name] ?? [:]).sorted(by: { $0.key < $1.key }) { print("\(name)\t\(reason)\t\(count)") }
            }
            print("total\t\(total)")
        }
    }
}

/// `popstream dlq replay`: republishes dead letters to their input topic (after a fix, such as an area
/// added to the registry), with the original key, bytes and headers, the `popstream-*` headers removed.
/// Each original message (`popstream-source`) is republished once, even when the dead-letter topic holds
/// copies of it. The workers then apply each event exactly once: a redelivered event is a duplicate.
struct DeadLetterReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Republish dead letters to their input topic (T without .dlq), optionally of one reason.",
        discussion: "Exit 0 when every message was delivered; 1 otherwise."
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Option(help: "The dead-letter topic, e.g. health.newborn-screening.v1.dlq.")
    var topic: String

    @Option(help: "Only dead letters with this reason code (e.g. unknown_area).")
    var reason: String?

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        try DeadLetterCommand.checkDeadLetterTopic(topic)
        if let reason, DeadLetterReason(rawValue: reason) == nil {
            throw ConfigurationError("--reason: unknown reason code '\(reason)' (one of \(DeadLetterReason.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let servers = try KafkaCLISupport.servers(bootstrap)
        let properties = try KafkaCLISupport.properties(kafkaConfig)
        let input = String(topic.dropLast(4))
        var messages: [KafkaProducerMessage] = []
        var sources: Set<String> = []
        var copies = 0
        try await TopicSnapshotReader(servers: servers, properties: properties).read(topic) { message in
            guard reason == nil || DeadLetterHeaders.reason(message) == reason else { return }
            let source = message.headers.first { $0.key == DeadLetterHeader.source }?.value.map { String(decoding: $0, as: UTF8.self) }
            if let source, !sources.insert(source).inserted {
                copies += 1
                return
            }
            let headers = message.headers.filter { !$0.key.hasPrefix("popstream-") }
            messages.append(KafkaProducerMessage(topic: input, key: message.key.map { Array($0) }, value: Array(message.value), headers: headers))
        }
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.clientID = "popstream-dlq-replay"
        configuration.properties = properties
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration, logger: KafkaCLISupport.logger("popstream.dlq"))
        } catch let error as KafkaError {
            throw ConfigurationError(error.message)
        }
        let reports = try await producer.sendAll(messages)
        await producer.close()
        let failed = reports.filter { !$0.isDelivered }.count
        print("replayed \(messages.count - failed) dead letters from \(topic) to \(input)\(reason.map { " (reason \($0))" } ?? "")"
              + (copies > 0 ? ", \(copies) redelivered copies skipped" : "") + (failed > 0 ? ", \(failed) failed" : ""))
        if failed > 0 { throw ExitCode.failure }
    }
}
