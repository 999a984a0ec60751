import Kafka
import Pipeline
import PopStreamCore
import Store

/// Everything one worker process needs, resolved and checked: what the command line and the
/// `POPSTREAM_*` environment gave, with the area map and targets loaded.
///
/// Built by the worker executables (`PopStreamCLI.WorkerCommand`); tests build it directly.
public struct WorkerConfiguration: Sendable {
    /// The kind this worker consumes.
    public var kind: EventKind
    /// The input topic (contract section 1).
    public var topic: String
    /// Where rejected events go: `<topic>.dlq`.
    public var deadLetterTopic: String
    /// Where alert messages go.
    public var alertsTopic: String
    /// Kafka bootstrap servers.
    public var bootstrapServers: [String]
    /// The consumer group.
    public var group: String
    /// The store (`sqlite://...` or `postgres://...`).
    public var store: StoreURL
    /// The area maps events are placed on, each event on the one in force on its anchor date.
    public var maps: AreaMapSet
    /// The id of the map alerts are evaluated on (the other maps' figures carried over), and of the map of
    /// units stored before maps had ids.
    public var mapName: String
    /// The targets alerts are evaluated against (of the map `mapName`).
    public var targets: TargetSet
    /// librdkafka properties from `--kafka-config`, applied last (they win over the defaults).
    public var kafkaProperties: [String: String]
    /// Port of `/metrics`, `/healthz`, `/readyz`; `nil` for none.
    public var metricsPort: Int?
    /// Consume up to the end offsets seen at start, commit, evaluate, publish and stop.
    public var untilEnd: Bool
    /// How this worker gets its partitions: by default the whole topic on SQLite, as a group member on PostgreSQL.
    public var assignment: PartitionAssignment
    /// How often a worker that takes the whole topic looks for partitions added to it.
    public var partitionCheckInterval: Duration
    /// When a commit window closes.
    public var window: CommitWindowPolicy
    /// At most this many messages per poll.
    public var pollBatchSize: Int
    /// How long a poll waits for a full batch.
    public var pollTimeout: Duration
    /// Alert evaluation runs at most this often.
    public var evaluationInterval: Duration
    /// How long an evaluator lease lasts without renewal (a dead holder is replaced after this).
    public var leaseDuration: Duration
    /// This process's name in leases and logs.
    public var instanceID: String

    /// A configuration with the defaults of the interfaces spec for `kind`.
    public init(kind: EventKind, bootstrapServers: [String] = ["localhost:9092"], group: String? = nil,
                store: StoreURL, maps: AreaMapSet, mapName: String, targets: TargetSet,
                instanceID: String) {
        self.kind = kind
        self.topic = kind.defaultTopic
        self.deadLetterTopic = EventKind.deadLetterTopic(for: kind.defaultTopic)
        self.alertsTopic = defaultAlertTopic
        self.bootstrapServers = bootstrapServers
        self.group = group ?? "popstream-\(kind.rawValue)"
        self.store = store
        self.maps = maps
        self.mapName = mapName
        self.targets = targets
        self.kafkaProperties = [:]
        self.metricsPort = nil
        self.untilEnd = false
        self.assignment = .default(for: store)
        self.partitionCheckInterval = .seconds(30)
        self.window = CommitWindowPolicy()
        self.pollBatchSize = 10_000
        self.pollTimeout = .milliseconds(20)
        self.evaluationInterval = .seconds(1)
        self.leaseDuration = .seconds(10)
        self.instanceID = instanceID
    }

    /// A configuration of a single map: `registry`, stored as map `mapName`.
    public init(kind: EventKind, bootstrapServers: [String] = ["localhost:9092"], group: String? = nil,
                store: StoreURL, registry: AreaRegistry = BundledAreas.defaultRegistry,
                mapName: String = BundledAreas.twoLevel2025Name, targets: TargetSet,
                instanceID: String) {
        self.init(kind: kind, bootstrapServers: bootstrapServers, group: group, store: store,
                  maps: .single(registry, id: mapName), mapName: mapName, targets: targets, instanceID: instanceID)
    }

    /// Whether this worker is given every partition of its topic by hand (``PartitionAssignment/wholeTopic``, or
    /// `--until-end`) rather than by a consumer group: it is then the store's only legitimate writer for its kind.
    public var takesWholeTopic: Bool { untilEnd || assignment == .wholeTopic }

    /// The registry of the map alerts are evaluated on.
    public var registry: AreaRegistry { (maps.map(id: mapName) ?? maps.maps[0]).registry }

    /// The view alerts are evaluated on.
    public var view: MapView { MapView(maps: maps, on: mapName) ?? MapView(unchecked: maps) }

    /// The consumer's settings: manual offsets (the store holds them), a short session so that a killed
    /// member is replaced quickly, then `--kafka-config` on top.
    ///
    /// The heartbeat stays librdkafka's (3 s): a killed member's session ends 6 s after its last heartbeat,
    /// the sooner after the kill the older that heartbeat is. With a heartbeat every second the embedded broker
    /// mostly ended a restarted member's first join round before the dead member's session, with the dead
    /// member in it, and a second round followed (docs/performance.md).
    var consumerConfiguration: KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: group)
        configuration.clientID = "popstream-\(kind.rawValue)-worker"
        configuration.sessionTimeout = .seconds(6)
        configuration.autoOffsetReset = .earliest
        configuration.queuedMinMessages = Self.queuedMinMessages
        configuration.properties = ["reconnect.backoff.ms": "100", "reconnect.backoff.max.ms": "2000"]
        configuration.properties.merge(kafkaProperties) { $1 }
        return configuration
    }

    /// The consumer's local queue is bounded by its size in bytes (`queued.max.messages.kbytes`, librdkafka's
    /// 64 MB) rather than by librdkafka's default of 100,000 messages. librdkafka 2.0 stops fetching when either
    /// bound is reached and decides to fetch again only when its broker thread next wakes, up to a second later:
    /// a worker that drained 100,000 queued events (about one second of work) before that waited for messages
    /// with nothing fetched (0.3 to 0.5 s at a time in the worker benchmark, docs/performance.md).
    public static let queuedMinMessages = 1_000_000

    /// The producer's settings (dead letters and alerts): idempotent, `acks=all`, then `--kafka-config`
    /// (consumer-only properties are left out).
    var producerConfiguration: KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.clientID = "popstream-\(kind.rawValue)-worker"
        configuration.linger = .milliseconds(2)
        configuration.properties = ["reconnect.backoff.ms": "100", "reconnect.backoff.max.ms": "2000"]
        configuration.properties.merge(kafkaProperties.filter { !Self.consumerOnlyProperties.contains($0.key) }) { $1 }
        return configuration
    }

    /// librdkafka properties a producer refuses or warns about; `--kafka-config` may name them for the consumer.
    static let consumerOnlyProperties: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "group.id", "group.instance.id", "auto.offset.reset",
        "enable.auto.commit", "enable.auto.offset.store", "max.poll.interval.ms", "fetch.min.bytes",
        "fetch.max.bytes", "max.partition.fetch.bytes", "queued.min.messages", "fetch.wait.max.ms",
        "partition.assignment.strategy", "isolation.level", "auto.commit.interval.ms", "queued.max.messages.kbytes",
        "fetch.error.backoff.ms", "check.crcs", "allow.auto.create.topics",
    ]
}
