import Foundation
import Kafka
import Logging
import PopStreamCore

/// Newborn events for the worker benchmarks: new births with a share of revisions, duplicates and
/// stale copies, over the communes of the bundled two-level map, as the contract's JSON.
struct BenchEvents {
    let messages: [(key: String, value: [UInt8])]

    init(seed: UInt64, count: Int) {
        let registry = BundledAreas.twoLevel2025
        let communes = registry.areas.map(\.code).filter { registry.isLowestLevel($0) }
        var generator = WorkloadGenerator(seed: seed, kinds: [.newbornScreening], communes: communes)
        // The generator records every event after its latest date (births from July 2025 to June 2026), so that
        // none is refused for a birth after its record.
        messages = generator.events(count: count).map { event in
            (key: event.envelope.subjectId, value: Array(event.jsonText().utf8))
        }
    }

    /// Publishes every event, keyed by subject, and waits for the reports.
    func publish(to bootstrap: String, topic: String, partitions: Int, logger: Logger) async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.linger = .milliseconds(20)
        configuration.queueBufferingMaxMessages = 200_000
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        var failed = 0
        for start in stride(from: 0, to: messages.count, by: 20_000) {
            let chunk = messages[start..<min(start + 20_000, messages.count)].map {
                KafkaProducerMessage(topic: topic, key: $0.key, value: $0.value)
            }
            failed += try await producer.sendAll(chunk).filter { !$0.isDelivered }.count
        }
        await producer.close()
        if failed > 0 { throw ConfigurationError("bench: \(failed) events not delivered") }
    }
}

/// A PostgreSQL database of its own for one bench run, made and dropped with `psql`.
struct BenchDatabase {
    let url: String
    private let admin: String
    private let name: String

    init(admin: String) throws {
        guard let slash = admin.lastIndex(of: "/") else { throw ConfigurationError("--postgres: not a URL: \(admin)") }
        self.admin = admin
        name = "popstream_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        url = String(admin[..<slash]) + "/" + name
        try Self.psql(admin, "CREATE DATABASE \(name)")
    }

    func drop() { try? Self.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    private static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ConfigurationError("psql failed: \(sql)") }
    }
}
