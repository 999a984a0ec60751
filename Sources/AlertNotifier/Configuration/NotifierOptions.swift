import ArgumentParser
import Foundation
import Logging
import PopStreamCore

/// The command line of `popstream-alert-notifier`. Every option can also come from `POPSTREAM_<NAME>`
/// (`--retry-attempts` from `POPSTREAM_RETRY_ATTEMPTS`); the command line wins.
public struct NotifierOptions: ParsableCommand {
    /// The command's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "popstream-alert-notifier",
        abstract: "Forward PopStream alerts (indicators.alerts.v1) to webhooks, Prometheus Alertmanager and the log.",
        discussion: """
            Each option can also be set with an environment variable POPSTREAM_<NAME> (e.g. POPSTREAM_WEBHOOK, \
            a comma-separated list for repeatable options). Exit status: 0 after SIGTERM/SIGINT, 2 for a bad \
            configuration, 1 for a runtime failure. See docs/notifier.md.
            """
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...] (default localhost:9092).")
    var bootstrap: String?

    @Option(help: "Consumer group (default popstream-alert-notifier).")
    var group: String?

    @Option(help: "Alerts topic (default indicators.alerts.v1).")
    var topic: String?

    @Option(help: "Webhook URL to POST every alert to (repeatable).")
    var webhook: [String] = []

    @Option(help: "Alertmanager base URL, API v2 (repeatable: every instance of a cluster).")
    var alertmanager: [String] = []

    @Option(help: "SQLite ledger of forwarded alerts (default ./data/notifier.sqlite).")
    var state: String?

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    @Flag(name: .customLong("from-beginning"), help: "Read every partition from its beginning (once per start); the ledger still drops what was forwarded.")
    var fromBeginning = false

    @Option(help: "Area registry for the province label: a bundled map name or a CSV file (default: the workers' default map).")
    var areas: String?

    @Option(name: .customLong("retry-attempts"), help: "Attempts per alert and destination (default 6).")
    var retryAttempts: String?

    @Option(name: .customLong("retry-initial-delay"), help: "Seconds before the first retry, doubled each time (default 0.5).")
    var retryInitialDelay: String?

    @Option(name: .customLong("retry-max-delay"), help: "Cap of the wait between retries, seconds (default 30).")
    var retryMaxDelay: String?

    @Option(name: .customLong("request-timeout"), help: "Timeout of one HTTP request, seconds (default 10).")
    var requestTimeout: String?

    @Option(name: .customLong("resend-interval"), help: "Seconds between re-sends of the firing alerts to Alertmanager; 0 = off (default 60).")
    var resendInterval: String?

    @Option(name: .customLong("max-in-flight"), help: "Alerts read but not yet done on every destination, at most (default 1000).")
    var maxInFlight: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    /// Options as parsed (for ArgumentParser).
    public init() {}

    /// The checked configuration, command line first, then `environment`.
    /// - Throws: `NotifierConfigurationError` naming the option or variable at fault.
    public func resolve(environment: [String: String]) throws(NotifierConfigurationError) -> NotifierConfiguration {
        let env = EnvironmentFallback(environment: environment)
        let bootstrapText = env.value(bootstrap, option: "bootstrap") ?? ("localhost:9092", "--bootstrap")
        let servers = bootstrapText.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !servers.isEmpty else { throw NotifierConfigurationError("\(bootstrapText.source) is empty") }
        var configuration = NotifierConfiguration(bootstrapServers: servers)
        if let group = env.value(group, option: "group") { configuration.groupID = group.value }
        if let topic = env.value(topic, option: "topic") { configuration.topic = topic.value }
        let webhooks = env.list(webhook, option: "webhook")
        configuration.webhooks = try webhooks.values.map { text throws(NotifierConfigurationError) in
            try DestinationURL(text, option: webhooks.source)
        }
        let alertmanagers = env.list(alertmanager, option: "alertmanager")
        configuration.alertmanagers = try alertmanagers.values.map { text throws(NotifierConfigurationError) in
            try DestinationURL(text, option: alertmanagers.source)
        }
        if let state = env.value(state, option: "state") { configuration.statePath = state.value }
        let kafka = env.keyValueList(kafkaConfig, option: "kafka-config")
        for pair in kafka.values {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw NotifierConfigurationError("\(kafka.source) expects KEY=VALUE, got '\(pair)'")
            }
            configuration.kafkaProperties[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        configuration.fromBeginning = try env.flag(fromBeginning, option: "from-beginning")
        if let areas = env.value(areas, option: "areas") { configuration.areas = try Self.loadAreas(areas.value, source: areas.source) }
        let attempts = try Self.integer(env.value(retryAttempts, option: "retry-attempts"), default: 6, range: 1...100)
        let initial = try Self.seconds(env.value(retryInitialDelay, option: "retry-initial-delay"), default: 0.5, allowZero: true)
        let maxDelay = try Self.seconds(env.value(retryMaxDelay, option: "retry-max-delay"), default: 30, allowZero: true)
        configuration.retry = RetryPolicy(attempts: attempts, initialDelay: initial, maxDelay: maxDelay)
        configuration.requestTimeout = try Self.seconds(env.value(requestTimeout, option: "request-timeout"), default: 10, allowZero: false)
        let resend = try Self.seconds(env.value(resendInterval, option: "resend-interval"), default: 60, allowZero: true)
        configuration.resendInterval = resend == .zero ? nil : resend
        configuration.maxInFlight = try Self.integer(env.value(maxInFlight, option: "max-in-flight"), default: 1000, range: 1...1_000_000)
        if let level = env.value(logLevel, option: "log-level") {
            guard let parsed = Logger.Level(rawValue: level.value.lowercased()) else {
                throw NotifierConfigurationError("\(level.source) \(level.value): expected trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = parsed
        }
        return configuration
    }

    private static func integer(_ given: (value: String, source: String)?, default value: Int, range: ClosedRange<Int>) throws(NotifierConfigurationError) -> Int {
        guard let given else { return value }
        guard let number = Int(given.value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw NotifierConfigurationError("\(given.source) \(given.value): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private static func seconds(_ given: (value: String, source: String)?, default value: Double, allowZero: Bool) throws(NotifierConfigurationError) -> Duration {
        guard let given else { return .milliseconds(Int64(value * 1000)) }
        guard let number = Double(given.value.trimmingCharacters(in: .whitespaces)), number.isFinite,
              allowZero ? number >= 0 : number > 0, number <= 86_400
        else {
            throw NotifierConfigurationError("\(given.source) \(given.value): expected seconds, \(allowZero ? "0" : "above 0") to 86400")
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }

    private static func loadAreas(_ value: String, source: String) throws(NotifierConfigurationError) -> AreaRegistry {
        if let bundled = BundledAreas.registry(named: value) { return bundled }
        guard let data = FileManager.default.contents(atPath: value) else {
            throw NotifierConfigurationError("\(source) \(value): not a bundled map (\(BundledAreas.names.joined(separator: ", "))) nor a readable file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotifierConfigurationError("\(source) \(value): not UTF-8 text")
        }
        do {
            return try AreaRegistry(csv: text)
        } catch {
            throw NotifierConfigurationError("\(source) \(value): \(error)")
        }
    }
}
