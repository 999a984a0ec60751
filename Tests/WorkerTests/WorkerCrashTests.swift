import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import Synchronization
import Testing

/// A worker killed with SIGKILL at random moments while a stream is published, restarted each time,
/// ends with the figures of an undisturbed run and loses no alert transition.
@Suite("Worker crashes")
struct WorkerCrashTests {
    @Test("SIGKILL at random moments during a stream of 50,000+ events (20 times taking the whole topic, 8 as a group member): same figures, no alert transition lost",
          .timeLimit(.minutes(8)), arguments: [("whole-topic", 20), ("group", 8)])
    func killedAndRestarted(assignment: String, kills: Int) async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let kind = EventKind.newbornScreening
        let scenario = Scenario.make(seed: 7, units: 24_000, kinds: [kind], communes: TestAreas.communes)
        let messages = scenario.messages[kind] ?? []
        #expect(messages.count >= 50_000)

        // The stream arrives in small chunks over about two minutes, while the worker is killed and restarted:
        // there is always something to commit after a restart.
        let chunks = stride(from: 0, to: messages.count, by: 500).map { Array(messages[$0..<min($0 + 500, messages.count)]) }
        let streamEnded = Flag()
        let publisher = Task {
            defer { streamEnded.raise() }
            for chunk in chunks {
                try await cluster.publish(chunk, kind: kind)
                try await Task.sleep(for: .milliseconds(1_200))
            }
        }
        let arguments = ["--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore, "--metrics-port", "0",
                         "--window-messages", "1000", "--window-ms", "100", "--evaluation-interval-ms", "200", "--lease-seconds", "3",
                         "--assignment", assignment, "--log-level", "debug"]
        var random = SystemRandomNumberGenerator()
        var restartToCommit: [Double] = []
        var slowRestarts: [String] = []
        for round in 0..<kills {
            let started = ContinuousClock.now
            let worker = try await WorkerProcess(kind, arguments: arguments, logDirectory: folder.url)
            // Wait for its first committed window (the time a restart costs; once the stream has ended there
            // may be nothing left to commit, then its assignment will do), then kill it at a random moment.
            var assigned: Double?
            while !worker.log.contains("window committed") && !(streamEnded.isRaised && worker.log.contains("partitions assigned")) {
                guard worker.isRunning, ContinuousClock.now - started < .seconds(60) else {
                    await worker.stop()
                    throw WorkerTestFailure("round \(round): no commit within 60 s\n\(worker.tail())")
                }
                if assigned == nil, worker.log.contains("partitions assigned") { assigned = (ContinuousClock.now - started).seconds }
                try await Task.sleep(for: .milliseconds(20))
            }
            // Round 0 is the first start, not a restart: its first window waits for the stream's first messages.
            if round > 0, worker.log.contains("window committed") {
                let seconds = (ContinuousClock.now - started).seconds
                restartToCommit.append(seconds)
                // What a slow restart spent its time on, for the test's output (a group member waits one or two join
                // rounds of 5 s on the embedded broker: docs/performance.md).
                if seconds > (assignment == "group" ? 15 : 5) {
                    let lines = worker.log.split(separator: "\n").filter { !$0.contains("alert published") }.prefix(12)
                    slowRestarts.append("round \(round): \(seconds) s, assigned after \(assigned.map { "\($0) s" } ?? "?")\n"
                                        + lines.joined(separator: "\n"))
                }
            }
            // A crash lands at any moment, so the kill does too.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...4_500, using: &random)))
            worker.signal(SIGKILL)
            try await worker.waitForExit(timeout: .seconds(10))
        }
        // A last instance consumes the rest of the stream (the embedded broker keeps about 5 MB per partition: a
        // backlog left unread until the stream ends would lose its oldest messages), catches up, then stops
        // gracefully (its last window and evaluation included).
        let last = try await WorkerProcess(kind, arguments: arguments, logDirectory: folder.url)
        try await publisher.value
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let partitions = (0..<Int32(cluster.partitions)).map { TopicPartition(topic: kind.defaultTopic, partition: $0) }
        let deadline = ContinuousClock.now + .seconds(120)
        while try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions).values.reduce(0, +) < Int64(messages.count) {
            guard ContinuousClock.now < deadline, last.isRunning else {
                await last.stop()
                throw WorkerTestFailure("the last instance did not catch up\n\(last.tail())")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Its evaluator takes the lease over from the last killed holder (it has the whole topic), then evaluates
        // every pending change: wait for that before stopping it.
        // It is up (signal handlers installed) once it has its partitions.
        while !last.log.contains("partitions assigned") {
            guard ContinuousClock.now < deadline, last.isRunning else {
                await last.stop()
                throw WorkerTestFailure("the last instance got no partitions\n\(last.tail())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        func evaluated() async throws -> Bool {
            let changes = try await store.pendingChanges(kind: kind.rawValue, limit: 1)
            let outbox = try await store.pendingOutbox(limit: 1)
            return changes.isEmpty && outbox.isEmpty
        }
        while try await !evaluated() {
            guard ContinuousClock.now < deadline, last.isRunning else {
                await last.stop()
                throw WorkerTestFailure("the last instance did not evaluate the pending changes\n\(last.tail())")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        last.signal(SIGTERM)
        let status = try await last.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "\(last.tail())")

        let stored = try await Expectations.stored(store, registry: TestAreas.registry, map: TestAreas.map)
        await store.close()
        let expected = try Expectations.figures(scenario.finalEvents, registry: TestAreas.registry)
        let differences = Expectations.differences(stored, expected)
        #expect(differences.isEmpty, "\(differences)")

        let evaluator = IndicatorEvaluator(registry: TestAreas.registry,
                                           targets: try #require(try BundledTargets.targets(named: TestAreas.map, registry: TestAreas.registry)))
        let alerts = try await cluster.alerts()
        #expect(!alerts.isEmpty)
        let problems = Expectations.alertProblems(alerts, figures: expected, evaluator: evaluator, kinds: [kind])
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        // Every message was read before the broker's retention deleted it (what would otherwise explain a difference).
        let logs = try FileManager.default.contentsOfDirectory(at: folder.url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "log" }.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(!logs.contains { $0.contains("messages deleted before this worker read them") || $0.contains("offset reset") })
        let letters = try await cluster.deadLetters(kind)
        #expect(Set(letters.compactMap(\.key)) == Set(scenario.badEvents[kind]?.map(\.key) ?? []))

        let sorted = restartToCommit.sorted()
        #expect(sorted.count >= kills / 2, "most restarts happen while the stream flows")
        guard !sorted.isEmpty else { return }
        let underTen = sorted.filter { $0 < 10 }.count
        print("\(assignment): restart to first committed window over \(sorted.count) restarts: median \(sorted[sorted.count / 2]) s, max \(sorted.last ?? 0) s, \(underTen) under 10 s")
        for slow in slowRestarts { print("slow restart: \(slow)") }
    }
}

/// A flag one task raises and others read.
final class Flag: Sendable {
    private let value = Mutex(false)
    func raise() { value.withLock { $0 = true } }
    var isRaised: Bool { value.withLock { $0 } }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
