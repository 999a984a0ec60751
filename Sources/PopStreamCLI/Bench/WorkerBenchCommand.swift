import ArgumentParser
import Foundation
import Kafka
import Logging
import PopStreamCore
import Store
import WorkerRuntime

/// `popstream bench worker`: one newborn worker process end to end (broker to committed store), on SQLite
/// and on PostgreSQL (when `POPSTREAM_TEST_POSTGRES_URL` or `--postgres` names a server), against the C
/// consume loop on the same preloaded topic in the same run; then the publish-to-commit latency at a
/// steady rate.
struct WorkerBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Worker throughput end to end (SQLite, PostgreSQL) vs. the C consume loop; publish-to-commit latency."
    )

    @Option(help: "Events preloaded into the topic.")
    var events = 200_000

    @Option(help: "Partitions of the topic (the mock keeps ~5 MB per partition).")
    var partitions = 24

    @Option(name: .customLong("latency-rate"), help: "Events per second of the latency scenario.")
    var latencyRate = 2_000

    @Option(name: .customLong("latency-seconds"), help: "Length of the latency scenario (0 skips it).")
    var latencySeconds = 15

    @Option(help: "PostgreSQL admin URL (default POPSTREAM_TEST_POSTGRES_URL); a database is created per run.")
    var postgres: String?

    static let topic = EventKind.newbornScreening.defaultTopic

    func run() async throws {
        guard events > 0, partitions > 0, latencyRate > 0, latencySeconds >= 0 else {
            throw ConfigurationError("--events, --partitions and --latency-rate must be positive")
        }
        var logger = Logger(label: "popstream.bench.worker")
        logger.logLevel = .warning
        let cluster = try MockCluster(brokers: 1, logger: logger)
        try cluster.createTopic(Self.topic, partitions: partitions)
        // The worker's other topics exist, as in a deployment (the dev broker creates every contract topic): a
        // topic created on its first message would put the broker's auto-creation in the measured time.
        try cluster.createTopic(EventKind.deadLetterTopic(for: Self.topic), partitions: partitions)
        try cluster.createTopic(defaultAlertTopic, partitions: 6)
        let corpus = BenchEvents(seed: 2_026, count: events)
        try await corpus.publish(to: cluster.bootstrapServers, topic: Self.topic, partitions: partitions, logger: logger)

        let c = try await CBaselineConsumer.consume(
            bootstrap: cluster.bootstrapServers, topic: Self.topic, partitions: partitions, messages: events, batch: 10_000,
            properties: ["group.id": "popstream-bench-worker-c", "fetch.wait.max.ms": "10",
                         "queued.min.messages": String(WorkerConfiguration.queuedMinMessages)])
        let cRate = Double(c.messages) / c.elapsedSeconds
        print(#"{"scenario":"worker-c-consume-baseline","events":\#(c.messages),"elapsed_s":\#(format(c.elapsedSeconds)),"events_per_s":\#(Int(cRate))}"#)

        var stores: [(String, String)] = []
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bench-worker-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        stores.append(("sqlite", "sqlite://" + folder.appendingPathComponent("bench.sqlite").path))
        let postgresAdmin = postgres ?? ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"]
        var databases: [BenchDatabase] = []
        if let postgresAdmin, !postgresAdmin.isEmpty {
            let database = try BenchDatabase(admin: postgresAdmin)
            databases.append(database)
            stores.append(("postgres", database.url))
        }
        defer { databases.forEach { $0.drop() } }

        for (name, url) in stores {
            var configuration = try benchConfiguration(cluster: cluster, store: url, group: "bench-\(name)")
            configuration.untilEnd = true
            let metrics = WorkerMetrics(kind: .newbornScreening)
            let health = WorkerHealth()
            let started = ContinuousClock.now
            let cpuBefore = ProcessCPU.seconds
            try await Worker.run(configuration, logger: logger, metrics: metrics, health: health)
            let runSeconds = (ContinuousClock.now - started).seconds
            // Like the C loop's (from its assignment to its last message): from the worker's assignment to its last
            // committed window. The whole run adds opening the store, the start, the last alert round and the stop.
            let snapshot = health.snapshot
            guard let since = snapshot.consumingSince, let last = snapshot.lastCommit, last > since else {
                throw RuntimeFailure("the \(name) worker committed no window").exit()
            }
            let seconds = last.timeIntervalSince(since)
            // Cores busy on average during the run, the in-process broker's threads included: near the machine's
            // core count, the worker is CPU-bound.
            let cores = (ProcessCPU.seconds - cpuBefore) / runSeconds
            let rate = Double(events) / seconds, runRate = Double(events) / runSeconds
            print(#"{"scenario":"worker-end-to-end-\#(name)","events":\#(events),"elapsed_s":\#(format(seconds)),"events_per_s":\#(Int(rate)),"c_events_per_s":\#(Int(cRate)),"ratio_to_c":\#(format(rate / cRate)),"goal_ratio":0.5,"goal_events_per_s":80000,"run_s":\#(format(runSeconds)),"run_events_per_s":\#(Int(runRate)),"run_ratio_to_c":\#(format(runRate / cRate)),"cpu_cores_busy":\#(format(cores)),"peak_rss_mb_process":\#(format(ProcessMemory.peakResidentMegabytes))}"#)
        }

        if latencySeconds > 0 {
            for (name, url) in stores {
                let latency = WorkerLatencyProbe(rate: latencyRate, seconds: latencySeconds, topic: "bench.latency.\(name)")
                try cluster.createTopic(latency.topic, partitions: 6)
                try cluster.createTopic(latency.topic + ".dlq", partitions: 6)
                var configuration = try benchConfiguration(cluster: cluster, store: url, group: "bench-latency-\(name)")
                configuration.topic = latency.topic
                configuration.deadLetterTopic = latency.topic + ".dlq"
                configuration.window.maxAge = .milliseconds(50)
                configuration.pollTimeout = .milliseconds(10)
                print(try await latency.run(configuration: configuration, logger: logger))
            }
        }
        withExtendedLifetime(cluster) {}
    }

    private func benchConfiguration(cluster: MockCluster, store: String, group: String) throws -> WorkerConfiguration {
        let registry = BundledAreas.twoLevel2025
        var configuration = WorkerConfiguration(
            kind: .newbornScreening, bootstrapServers: [cluster.bootstrapServers], group: group, store: try StoreURL(parsing: store),
            registry: registry, mapName: BundledAreas.twoLevel2025Name,
            targets: try BundledTargets.targets(named: BundledAreas.twoLevel2025Name, registry: registry) ?? .empty(registry: registry),
            instanceID: "bench")
        configuration.kafkaProperties = ["fetch.wait.max.ms": "10"]   // the consumer's queue as workers have it
        return configuration
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
