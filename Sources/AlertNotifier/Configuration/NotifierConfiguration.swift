import Logging
import PopStreamCore

/// Everything the notifier runs with, resolved from the command line and `POPSTREAM_*` variables and
/// checked (see `NotifierOptions`). Tests build it directly.
public struct NotifierConfiguration: Sendable {
    /// Kafka bootstrap servers.
    public var bootstrapServers: [String]
    /// The consumer group (`popstream-alert-notifier` by default).
    public var groupID: String = "popstream-alert-notifier"
    /// The alerts topic.
    public var topic: String = "indicators.alerts.v1"
    /// Webhook URLs: each alert is POSTed, as received, to every one.
    public var webhooks: [DestinationURL] = []
    /// Alertmanager base URLs (API v2); each gets every alert (send to every instance of an HA cluster).
    public var alertmanagers: [DestinationURL] = []
    /// The SQLite ledger of forwarded alerts.
    public var statePath: String = "./data/notifier.sqlite"
    /// Extra librdkafka properties (SASL, TLS, timeouts).
    public var kafkaProperties: [String: String] = [:]
    /// Start each partition at its beginning (once per process) instead of the group's committed offset.
    public var fromBeginning = false
    /// Retries per alert and destination.
    public var retry: RetryPolicy = .standard
    /// Timeout of one HTTP request (connect included).
    public var requestTimeout: Duration = .seconds(10)
    /// How often the firing alerts are sent to Alertmanager again; `nil` turns the re-send off.
    public var resendInterval: Duration? = .seconds(60)
    /// Alerts read from Kafka but not yet done on every destination, at most (back-pressure on the consumer).
    public var maxInFlight = 1000
    /// How long a graceful stop waits for deliveries in progress before abandoning them (they are
    /// delivered again after the restart: their offsets are not committed).
    public var drainTimeout: Duration = .seconds(10)
    /// The area registry that gives each alert's `province` label (the workers' default map unless set).
    public var areas: AreaRegistry = BundledAreas.defaultRegistry
    /// The log level.
    public var logLevel: Logger.Level = .info

    /// A configuration with defaults for everything but the bootstrap servers.
    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }
}
