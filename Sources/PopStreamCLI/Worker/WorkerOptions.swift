import ArgumentParser
import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import WorkerRuntime

/// The options every worker executable takes (interfaces spec, "Common worker options"), each also
/// read from `POPSTREAM_<NAME>` when not given on the command line (see ``WorkerEnvironment``).
struct WorkerOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap = "localhost:9092"

    @Option(help: "Consumer group (default popstream-<kind>).")
    var group: String?

    @Option(help: "Store URL: sqlite:///path/file.sqlite or postgres://user@host:port/db (password from PGPASSWORD or ?password_file=).")
    var store = ReportingOptions.defaultStore

    @OptionGroup var areaMaps: AreaMapArguments

    @Option(name: .customLong("kafka-config"), help: "librdkafka property KEY=VALUE (repeatable; SASL, TLS, timeouts).")
    var kafkaConfig: [String] = []

    @Option(name: .customLong("metrics-port"), help: "Port of /metrics, /healthz, /readyz; 0 = off (default per worker).")
    var metricsPort: Int?

    @Flag(name: .customLong("until-end"), help: "Consume up to the end offsets seen at start, commit, publish alerts, exit 0.")
    var untilEnd = false

    @Option(help: "How partitions are assigned: whole-topic (every partition, no group membership; default with a SQLite store) or group (a consumer group member; default with PostgreSQL).")
    var assignment: String?

    @Option(help: "Input topic (default: the kind's contract topic).")
    var topic: String?

    @Option(name: .customLong("alerts-topic"), help: "Alert topic.")
    var alertsTopic = defaultAlertTopic

    @Option(name: .customLong("window-messages"), help: "Commit a window once it holds this many messages.")
    var windowMessages = 50_000

    @Option(name: .customLong("window-ms"), help: "Commit a window at the latest this long after its first message.")
    var windowMilliseconds = 250

    @Option(name: .customLong("evaluation-interval-ms"), help: "Evaluate alerts at most this often.")
    var evaluationIntervalMilliseconds = 1_000

    @Option(name: .customLong("lease-seconds"), help: "Evaluator lease length: a dead evaluator is replaced after this.")
    var leaseSeconds = 10

    @Option(name: .customLong("instance-id"), help: "This instance's name in leases and logs (default host-pid).")
    var instanceID: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    /// The resolved configuration for a worker of `kind`.
    /// - Throws: `ConfigurationError` naming the bad option.
    func configuration(kind: EventKind) throws -> WorkerConfiguration {
        let storeURL: StoreURL
        do {
            storeURL = try StoreURL(parsing: store)
        } catch {
            throw ConfigurationError("--store: \(error)")
        }
        if let group, group.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ConfigurationError("--group must not be empty")
        }
        let (view, targetSets) = try areaMaps.resolve()
        var configuration = WorkerConfiguration(
            kind: kind, bootstrapServers: try KafkaCLISupport.servers(bootstrap), group: group, store: storeURL,
            maps: view.maps, mapName: view.map.id, targets: targetSets[view.map.id] ?? .empty(registry: view.map.registry),
            instanceID: instanceID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)")
        if let topic {
            guard !topic.isEmpty else { throw ConfigurationError("--topic must not be empty") }
            configuration.topic = topic
            configuration.deadLetterTopic = EventKind.deadLetterTopic(for: topic)
        }
        configuration.alertsTopic = alertsTopic
        configuration.kafkaProperties = try KafkaCLISupport.properties(kafkaConfig)
        let port = metricsPort ?? WorkerOptions.defaultMetricsPort(kind)
        guard (0...65_535).contains(port) else { throw ConfigurationError("--metrics-port must be 0...65535, got \(port)") }
        configuration.metricsPort = port == 0 ? nil : port
        configuration.untilEnd = untilEnd
        if let assignment {
            guard let chosen = PartitionAssignment(rawValue: assignment) else {
                throw ConfigurationError("--assignment must be whole-topic or group, got '\(assignment)'")
            }
            configuration.assignment = chosen
        }
        guard windowMessages > 0, windowMilliseconds > 0, evaluationIntervalMilliseconds > 0, leaseSeconds > 0 else {
            throw ConfigurationError("--window-messages, --window-ms, --evaluation-interval-ms and --lease-seconds must be positive")
        }
        configuration.window = CommitWindowPolicy(maxMessages: windowMessages, maxAge: .milliseconds(windowMilliseconds))
        configuration.evaluationInterval = .milliseconds(evaluationIntervalMilliseconds)
        configuration.leaseDuration = .seconds(leaseSeconds)
        return configuration
    }

    /// The default `--metrics-port` of each worker.
    static func defaultMetricsPort(_ kind: EventKind) -> Int {
        switch kind {
        case .prenatalScreening: 9101
        case .newbornScreening: 9102
        case .premaritalCheckup: 9103
        case .elderlyRecord: 9104
        }
    }
}
