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

    @Option(help: "Alternating runs of the C loop and each worker, each worker on a fresh store; the figures are medians.")
    var runs = 3

    static let topic = EventKind.newbornScreening.defaultTopic

    func run() async throws {
        guard events > 0, partitions > 0, latencyRate > 0, latencySeconds >= 0, runs > 0 else {
            throw ConfigurationError("--events, --partitions, --latency-rate and --runs must be positive")
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

        // Fresh stores for every run: SQLite files in a temporary folder, PostgreSQL databases on the server named.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bench-worker-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let postgresAdmin = (postgres ?? ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"]).flatMap { $0.isEmpty ? nil : $0 }
        var databases: [BenchDatabase] = []
        defer { databases.forEach { $0.drop() } }
        func freshStore(_ name: String, run: Int) throws -> String {
            guard name == "postgres", let postgresAdmin else {
                return "sqlite://" + folder.appendingPathComponent("bench-\(run).sqlite").path
            }
            let database = try BenchDatabase(admin: postgresAdmin)
            databases.append(database)
            return database.url
        }
        let storeNames = postgresAdmin == nil ? ["sqlite"] : ["sqlite", "postgres"]

        // The C loop and the workers alternate, so that a change in the machine's speed (it is shared) weighs on
        // both sides of a ratio alike; each ratio compares a worker run with the C loop run just before it.
        var cRuns: [CRun] = []
        var workerRuns: [String: [WorkerRun]] = [:]
        var latestStores: [String: String] = [:]
        for run in 0..<runs {
            let cpuBefore = ProcessCPU.seconds
            let c = try await CBaselineConsumer.consume(
                bootstrap: cluster.bootstrapServers, topic: Self.topic, partitions: partitions, messages: events, batch: 10_000,
                properties: ["group.id": "popstream-bench-worker-c-\(run)", "fetch.wait.max.ms": "10",
                             "queued.min.messages": String(WorkerConfiguration.queuedMinMessages)])
            let cRun = CRun(messages: c.messages, seconds: c.elapsedSeconds, cpuSeconds: ProcessCPU.seconds - cpuBefore)
            cRuns.append(cRun)
            for name in storeNames {
                let url = try freshStore(name, run: run)
                latestStores[name] = url
                workerRuns[name, default: []].append(try await measureWorker(name: name, store: url, cluster: cluster, group: "bench-\(name)-\(run)",
                                                                             against: cRun, logger: logger))
            }
        }
        let cRates = cRuns.map(\.eventsPerSecond)
        print(#"{"scenario":"worker-c-consume-baseline","events":\#(cRuns[0].messages),"elapsed_s":\#(format(median(cRuns.map(\.seconds)))),"events_per_s":\#(Int(median(cRates))),"events_per_s_runs":\#(list(cRates, digits: 0)),"cpu_s":\#(format(median(cRuns.map(\.cpuSeconds)))),"runs":\#(runs)}"#)
        for name in storeNames {
            print(summary(name: name, of: workerRuns[name] ?? [], cRate: median(cRates)))
        }
        let stores = storeNames.compactMap { name in latestStores[name].map { (name, $0) } }

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

    /// Runs one newborn worker with `--until-end` over the preloaded topic into `store`.
    private func measureWorker(name: String, store: String, cluster: MockCluster, group: String, against c: CRun,
                               logger: Logger) async throws -> WorkerRun {
        var configuration = try benchConfiguration(cluster: cluster, store: store, group: group)
        configuration.untilEnd = true
        let health = WorkerHealth()
        let started = ContinuousClock.now
        let cpuBefore = ProcessCPU.seconds
        try await Worker.run(configuration, logger: logger, metrics: WorkerMetrics(kind: .newbornScreening), health: health)
        let runSeconds = (ContinuousClock.now - started).seconds
        let cpuSeconds = ProcessCPU.seconds - cpuBefore
        // Like the C loop's (from its assignment to its last message): from the worker's assignment to its last
        // committed window. The whole run adds opening the store, the start, the last alert round and the stop.
        let snapshot = health.snapshot
        guard let since = snapshot.consumingSince, let last = snapshot.lastCommit, last > since else {
            throw RuntimeFailure("the \(name) worker committed no window").exit()
        }
        return WorkerRun(events: events, seconds: last.timeIntervalSince(since), runSeconds: runSeconds, cpuSeconds: cpuSeconds,
                         cRate: c.eventsPerSecond)
    }

    /// The JSON line of one store's runs: medians, and each run's ratio to the C loop. `cpu_cores_busy` is the
    /// process's CPU time over the whole call's wall time, the in-process broker's threads included: near the
    /// machine's core count, the worker is CPU-bound.
    private func summary(name: String, of runs: [WorkerRun], cRate: Double) -> String {
        let ratios = runs.map { $0.rate / $0.cRate }
        return #"{"scenario":"worker-end-to-end-\#(name)","events":\#(events),"elapsed_s":\#(format(median(runs.map(\.seconds)))),"events_per_s":\#(Int(median(runs.map(\.rate)))),"c_events_per_s":\#(Int(cRate)),"ratio_to_c":\#(format(median(ratios))),"ratio_to_c_runs":\#(list(ratios, digits: 3)),"goal_ratio":0.5,"goal_events_per_s":80000,"run_s":\#(format(median(runs.map(\.runSeconds)))),"run_events_per_s":\#(Int(median(runs.map(\.runRate)))),"run_ratio_to_c":\#(format(median(runs.map { $0.runRate / $0.cRate }))),"cpu_cores_busy":\#(format(median(runs.map { $0.cpuSeconds / $0.runSeconds }))),"cpu_s":\#(format(median(runs.map(\.cpuSeconds)))),"runs":\#(runs.count),"peak_rss_mb_process":\#(format(ProcessMemory.peakResidentMegabytes))}"#
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private func list(_ values: [Double], digits: Int) -> String {
        "[" + values.map { String(format: "%.\(digits)f", $0) }.joined(separator: ",") + "]"
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}

/// One run of the C consume loop.
private struct CRun {
    var messages: Int
    var seconds: Double
    /// The process's CPU time over the whole call (creating and closing the consumer included).
    var cpuSeconds: Double
    var eventsPerSecond: Double { Double(messages) / seconds }
}

/// One worker run: `seconds` from its assignment to its last commit, `runSeconds` the whole call.
private struct WorkerRun {
    var events: Int
    var seconds: Double
    var runSeconds: Double
    /// The process's CPU time over the whole call, the in-process broker's threads included.
    var cpuSeconds: Double
    /// The events/s of the C loop run just before.
    var cRate: Double
    var rate: Double { Double(events) / seconds }
    var runRate: Double { Double(events) / runSeconds }
}
