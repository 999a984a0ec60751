import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import Testing

/// A worker on SQLite takes every partition of its topic by hand (`--assignment whole-topic`, the default
/// there): what that means when a second instance comes and when the topic comes late.
@Suite("Worker taking the whole topic")
struct WorkerWholeTopicTests {
    static let kind = EventKind.newbornScreening
    static var partitions: [TopicPartition] {
        (0..<3).map { TopicPartition(topic: kind.defaultTopic, partition: $0) }
    }

    static func committed(_ store: any StateStore) async throws -> Int64 {
        try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions).values.reduce(0, +)
    }

    static func arguments(_ cluster: TestCluster, _ folder: TemporaryFolder, _ extra: [String] = []) -> [String] {
        ["--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore, "--metrics-port", "0",
         "--window-messages", "200", "--evaluation-interval-ms", "200"] + extra
    }

    @Test("a second instance on the same store takes the topic over; the first stops with exit 1; figures and alerts exact",
          .timeLimit(.minutes(3)))
    func secondInstance() async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = Scenario.make(seed: 31, units: 1_500, kinds: [Self.kind], communes: TestAreas.communes)
        let messages = scenario.messages[Self.kind] ?? []
        let third = messages.count / 3
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let first = try await WorkerProcess(Self.kind, arguments: Self.arguments(cluster, folder), logDirectory: folder.url)
        var second: WorkerProcess?
        do {
            try await cluster.publish(Array(messages[..<third]), kind: Self.kind)
            try await Probes.waitUntil("first third not committed\n\(first.tail())") { try await Self.committed(store) >= Int64(third) }

            let next = try await WorkerProcess(Self.kind, arguments: Self.arguments(cluster, folder), logDirectory: folder.url)
            second = next
            try await Probes.waitUntil("the second instance got no partitions\n\(next.tail())") { next.log.contains("partitions assigned") }
            try await cluster.publish(Array(messages[third..<(2 * third)]), kind: Self.kind)
            // The first one's next commit is fenced: it stops, saying why.
            let status = try await first.waitForExit(timeout: .seconds(60))
            #expect(status == 1, "\(first.tail())")
            #expect(first.log.contains("another instance owns the partitions"), "\(first.tail())")
            #expect(next.isRunning, "\(next.tail())")

            try await cluster.publish(Array(messages[(2 * third)...]), kind: Self.kind)
            try await Probes.waitUntil("the rest not committed\n\(next.tail())") { try await Self.committed(store) >= Int64(messages.count) }
            try await Probes.waitUntil("changes left unevaluated\n\(next.tail())") {
                let changes = try await store.pendingChanges(kind: Self.kind.rawValue, limit: 1)
                let outbox = try await store.pendingOutbox(limit: 1)
                return changes.isEmpty && outbox.isEmpty
            }
            next.signal(SIGTERM)
            #expect(try await next.waitForExit(timeout: .seconds(60)) == 0, "\(next.tail())")
        } catch {
            await first.stop()
            await second?.stop()
            await store.close()
            throw error
        }
        let stored = try await Expectations.stored(store, registry: TestAreas.registry, map: TestAreas.map)
        await store.close()
        let expected = try Expectations.figures(scenario.finalEvents, registry: TestAreas.registry)
        #expect(Expectations.differences(stored, expected).isEmpty)
        let evaluator = IndicatorEvaluator(registry: TestAreas.registry,
                                           targets: try #require(try BundledTargets.targets(named: TestAreas.map, registry: TestAreas.registry)))
        let problems = Expectations.alertProblems(try await cluster.alerts(), figures: expected, evaluator: evaluator, kinds: [Self.kind])
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test("a worker started before its topic exists waits, not ready, then consumes it once created", .timeLimit(.minutes(2)))
    func topicCreatedLater() async throws {
        let cluster = try TestCluster(partitions: 3, kindsCreatedLater: [Self.kind])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let port = try Probes.freePort()
        let worker = try await WorkerProcess(Self.kind, arguments: Self.arguments(cluster, folder, ["--metrics-port", String(port)]),
                                       logDirectory: folder.url)
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        do {
            try await Probes.waitUntil("no word of the missing topic\n\(worker.tail())") { worker.log.contains("does not exist yet") }
            #expect(await Probes.get(port: port, "/healthz")?.status == 200)
            #expect(await Probes.get(port: port, "/readyz")?.status == 503)
            #expect(worker.isRunning)

            try cluster.createInputTopic(of: Self.kind)
            let scenario = Scenario.make(seed: 32, units: 300, kinds: [Self.kind], communes: TestAreas.communes)
            let messages = scenario.messages[Self.kind] ?? []
            try await cluster.publish(messages, kind: Self.kind)
            try await Probes.waitUntil("not committed\n\(worker.tail())") { try await Self.committed(store) >= Int64(messages.count) }
            try await Probes.waitUntil("not ready once consuming\n\(worker.tail())") { await Probes.get(port: port, "/readyz")?.status == 200 }
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(60)) == 0, "\(worker.tail())")
        } catch {
            await worker.stop()
            await store.close()
            throw error
        }
        await store.close()
    }
}
