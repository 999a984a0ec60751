import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import Testing

/// Several instances of one worker in one group on PostgreSQL: instances join, leave and freeze
/// mid-stream (a frozen one comes back stale and is fenced), and still the figures are exact and each
/// alert transition is published once.
@Suite("Worker scale-out on PostgreSQL")
struct WorkerScaleOutTests {
    @Test("two instances, a third joins, one leaves, a stale one is fenced: exact figures, each transition once",
          .enabled(if: TestPostgres.available, "needs POPSTREAM_TEST_POSTGRES_URL (make test starts a server)"),
          .timeLimit(.minutes(5)))
    func scaleOut() async throws {
        let database = try await TestPostgres()
        do {
            try await scaleOut(on: database)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    private func scaleOut(on database: TestPostgres) async throws {
        let cluster = try TestCluster(partitions: 6)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let kind = EventKind.newbornScreening
        let scenario = Scenario.make(seed: 3, units: 6_000, kinds: [kind], communes: TestAreas.communes)
        let messages = scenario.messages[kind] ?? []
        let chunks = stride(from: 0, to: messages.count, by: 300).map { Array(messages[$0..<min($0 + 300, messages.count)]) }
        let publisher = Task {
            for chunk in chunks {
                try await cluster.publish(chunk, kind: kind)
                try await Task.sleep(for: .milliseconds(900))
            }
        }
        func start(_ name: String) async throws -> WorkerProcess {
            try await WorkerProcess(kind, arguments: [
                "--bootstrap", cluster.bootstrap, "--store", database.url, "--metrics-port", "0", "--instance-id", name,
                "--window-messages", "500", "--window-ms", "200", "--evaluation-interval-ms", "300", "--lease-seconds", "5",
            ], logDirectory: folder.url)
        }
        var workers = ["scale-a": try await start("scale-a"), "scale-b": try await start("scale-b")]
        do {
            try await Task.sleep(for: .seconds(8))
            // One that is not the evaluator freezes; a third instance joins meanwhile, so the group evicts the
            // frozen one (its session expires) and the others claim its partitions. Thawed, it is stale.
            // The evaluator must be known before one is chosen to freeze (a frozen evaluator that thaws could
            // publish what its successor publishes too): wait for the lease rather than trust the time.
            var holder = ""
            try await Probes.waitUntil("no instance took the evaluator lease") {
                holder = try await database.query("SELECT holder FROM evaluator_leases")
                return holder == "scale-a" || holder == "scale-b"
            }
            let frozenName = holder == "scale-b" ? "scale-a" : "scale-b"
            let frozen = try #require(workers[frozenName])
            try await Probes.waitUntil("the two instances did not claim every partition") {
                try await Self.epochs(database).count == cluster.partitions
            }
            let epochsBefore = try await Self.epochs(database)
            frozen.signal(SIGSTOP)
            let held = Self.heldPartitions(frozen.log)
            try await Task.sleep(for: .seconds(1))
            workers["scale-c"] = try await start("scale-c")
            // Thawed only once the others have claimed the partitions the frozen one held (each claim raises the
            // partition's epoch): then it is stale for certain, however slow the machine.
            try await Probes.waitUntil("the frozen instance's partitions \(held.sorted()) were not claimed again", timeout: .seconds(90)) {
                let epochs = try await Self.epochs(database)
                return !held.isEmpty && held.allSatisfy { partition in (epochs[partition] ?? 0) > (epochsBefore[partition] ?? .max) }
            }
            frozen.signal(SIGCONT)
            try await Task.sleep(for: .seconds(6))
            // The evaluator leaves cleanly; the lease passes to another instance.
            let leaving = frozenName == "scale-a" ? "scale-b" : "scale-a"
            workers[leaving]?.signal(SIGTERM)
            #expect(try await workers[leaving]?.waitForExit(timeout: .seconds(60)) == 0)
            let remaining = ["scale-a", "scale-b", "scale-c"].filter { $0 != leaving }
            try await publisher.value

            let partitions = (0..<Int32(cluster.partitions)).map { TopicPartition(topic: kind.defaultTopic, partition: $0) }
            let store = try await StateStoreFactory.open(try StoreURL(parsing: database.url))
            try await Probes.waitUntil("not caught up", timeout: .seconds(120)) {
                try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions).values.reduce(0, +) >= Int64(messages.count)
            }
            try await Task.sleep(for: .seconds(2))
            for name in remaining { workers[name]?.signal(SIGTERM) }
            for name in remaining {
                let status = try await workers[name]?.waitForExit(timeout: .seconds(60))
                #expect(status == 0, "\(name): \(workers[name]?.tail() ?? "")")
            }
            let stale = frozen.log
            #expect(stale.contains("fenced") || stale.contains("partitions lost"), "the frozen instance was not fenced:\n\(frozen.tail())")

            let stored = try await Expectations.stored(store, registry: TestAreas.registry, map: TestAreas.map)
            await store.close()
            let expected = try Expectations.figures(scenario.finalEvents, registry: TestAreas.registry)
            let differences = Expectations.differences(stored, expected)
            #expect(differences.isEmpty, "\(differences)")

            let alerts = try await cluster.alerts()
            #expect(!alerts.isEmpty)
            var copies: [String: Int] = [:]
            for alert in alerts { copies["\(alert.alertId)#\(alert.sequence)", default: 0] += 1 }
            let repeated = copies.filter { $0.value > 1 }
            #expect(repeated.isEmpty, "published more than once: \(repeated.prefix(5))")
            let evaluator = IndicatorEvaluator(registry: TestAreas.registry,
                                               targets: try #require(try BundledTargets.targets(named: TestAreas.map, registry: TestAreas.registry)))
            let problems = Expectations.alertProblems(alerts, figures: expected, evaluator: evaluator, kinds: [kind])
            #expect(problems.isEmpty, "\(problems.prefix(10))")
        } catch {
            for worker in workers.values { worker.signal(SIGCONT); await worker.stop() }
            publisher.cancel()
            throw error
        }
    }

    /// The partitions a worker holds according to its log: its "partitions assigned" and "partitions revoked"
    /// (or "lost") lines replayed in order.
    private static func heldPartitions(_ log: String) -> Set<Int> {
        var held: Set<Int> = []
        for line in log.split(separator: "\n") {
            guard let open = line.range(of: "partitions=["),
                  let close = line.range(of: "]", range: open.upperBound..<line.endIndex) else { continue }
            let numbers = line[open.upperBound..<close.lowerBound].split(separator: ",").compactMap {
                Int($0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
            if line.hasSuffix("partitions assigned") {
                held.formUnion(numbers)
            } else if line.hasSuffix("partitions revoked") || line.hasSuffix("partitions lost") {
                held.subtract(numbers)
            }
        }
        return held
    }

    /// Each partition's current owner epoch, from the store.
    private static func epochs(_ database: TestPostgres) async throws -> [Int: Int] {
        let text = try await database.query("SELECT partition || ':' || epoch FROM partition_owners")
        var epochs: [Int: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2, let partition = Int(parts[0]), let epoch = Int(parts[1]) { epochs[partition] = epoch }
        }
        return epochs
    }
}
