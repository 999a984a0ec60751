import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import Testing

/// The broker goes away and comes back while a worker consumes: the worker keeps running, `/readyz`
/// tells the outage, and the figures end exact.
@Suite("Worker broker outage")
struct WorkerBrokerOutageTests {
    @Test("broker down and up mid-stream: figures exact, the worker keeps running, /readyz reflects the outage",
          .timeLimit(.minutes(4)), arguments: ["whole-topic", "group"])
    func outage(assignment: String) async throws {
        let cluster = try TestCluster(brokers: 1, partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let kind = EventKind.newbornScreening
        let scenario = Scenario.make(seed: 11, units: 3_000, kinds: [kind], communes: TestAreas.communes)
        let messages = scenario.messages[kind] ?? []
        let half = messages.count / 2
        let port = try Probes.freePort()
        let worker = try await WorkerProcess(kind, arguments: [
            "--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore, "--metrics-port", String(port),
            "--window-messages", "500", "--evaluation-interval-ms", "200", "--assignment", assignment,
        ], logDirectory: folder.url)
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let partitions = (0..<Int32(cluster.partitions)).map { TopicPartition(topic: kind.defaultTopic, partition: $0) }
        func committed() async throws -> Int64 {
            try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions).values.reduce(0, +)
        }
        do {
            try await cluster.publish(Array(messages[..<half]), kind: kind)
            try await Probes.waitUntil("first half not committed\n\(worker.tail())") { try await committed() >= Int64(half) }
            try await Probes.waitUntil("not ready before the outage\n\(worker.tail())") { await Probes.get(port: port, "/readyz")?.status == 200 }

            try cluster.cluster.takeBrokerDown(1)
            try await Probes.waitUntil("/readyz still ready during the outage\n\(worker.tail())", timeout: .seconds(30)) {
                await Probes.get(port: port, "/readyz")?.status == 503
            }
            #expect(await Probes.get(port: port, "/healthz")?.status == 200)
            let head = await Probes.get(port: port, "/readyz", method: "HEAD")
            #expect(head?.status == 503 && head?.body == "", "HEAD answers as GET does, without the body")
            try await Task.sleep(for: .seconds(8))  // longer than the session: a group forgets the member
            #expect(worker.isRunning, "\(worker.tail())")
            try cluster.cluster.bringBrokerUp(1)

            try await cluster.publish(Array(messages[half...]), kind: kind)
            try await Probes.waitUntil("second half not committed\n\(worker.tail())", timeout: .seconds(90)) {
                try await committed() >= Int64(messages.count)
            }
            try await Probes.waitUntil("not ready after the outage\n\(worker.tail())") { await Probes.get(port: port, "/readyz")?.status == 200 }
            #expect(worker.isRunning)
            // The metrics of the interfaces spec, with what happened.
            let metrics = await Probes.get(port: port, "/metrics")?.body ?? ""
            for name in ["popstream_events_total{kind=\"newborn-screening\",outcome=\"applied\"}", "popstream_batch_flush_seconds_bucket",
                         "popstream_event_lag_seconds_bucket", "popstream_consumer_lag_messages{topic=\"\(kind.defaultTopic)\"",
                         "popstream_rejected_total{kind=\"newborn-screening\",reason=\"unknown_area\"} 1",
                         "popstream_store_errors_total", "popstream_commit_window_messages_bucket"] {
                #expect(metrics.contains(name), "missing \(name) in /metrics")
            }
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(60)) == 0, "\(worker.tail())")
        } catch {
            await worker.stop()
            await store.close()
            throw error
        }
        let stored = try await Expectations.stored(store, registry: TestAreas.registry, map: TestAreas.map)
        await store.close()
        let expected = try Expectations.figures(scenario.finalEvents, registry: TestAreas.registry)
        let differences = Expectations.differences(stored, expected)
        #expect(differences.isEmpty, "\(differences)")
    }
}
