import Foundation
import Kafka
import Pipeline
@testable import PopStreamCore
import Store
import Testing

/// Dead letters replayed after the fix that they were waiting for: the registry gains the area the
/// hospitals used, `popstream dlq replay` republishes them, and the figures include them exactly once.
@Suite("Dead-letter replay")
struct DeadLetterReplayTests {
    @Test("an area missing from the registry, then added: replayed dead letters count exactly once", .timeLimit(.minutes(4)))
    func replayAfterTheAreaIsAdded() async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let kind = EventKind.newbornScreening
        let missing = TestAreas.communes[0]
        // Two versions of one map file (same name, so the same map id keys the figures): without, then with the area.
        let full = BundledAreas.twoLevel2025CSV
        let without = full.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(missing + ",") }.joined(separator: "\n")
        let before = folder.url.appendingPathComponent("before/areas.csv"), after = folder.url.appendingPathComponent("after/areas.csv")
        for (url, text) in [(before, without), (after, full)] {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let scenario = Scenario.make(seed: 5, units: 600, kinds: [kind], communes: TestAreas.communes)
        try await cluster.publish(scenario.messages[kind] ?? [], kind: kind)

        func runWorker(_ areas: URL) async throws {
            let worker = try await WorkerProcess(kind, arguments: ["--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore, "--until-end",
                                                                   "--metrics-port", "0", "--areas", areas.path], logDirectory: folder.url)
            #expect(try await worker.waitForExit() == 0, "\(worker.tail())")
        }
        func replay() async throws -> String {
            let command = try await WorkerProcess(executable: "popstream", arguments: [
                "dlq", "replay", "--bootstrap", cluster.bootstrap, "--topic", EventKind.deadLetterTopic(for: kind.defaultTopic),
                "--reason", "unknown_area",
            ], logDirectory: folder.url)
            #expect(try await command.waitForExit() == 0, "\(command.log)")
            return command.log
        }

        try await runWorker(before)
        let stranded = try await cluster.deadLetters(kind).filter { $0.headers["popstream-error"] == "unknown_area" }
        #expect(stranded.count > 50, "the events of \(missing) were dead-lettered")

        // The fix: the registry has the area. Replay, consume; replay and consume again (copies change nothing).
        #expect(try await replay().contains("replayed \(stranded.count) dead letters"))
        try await runWorker(after)
        _ = try await replay()
        try await runWorker(after)

        let registry = try AreaRegistry(csv: full)
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let stored = try await Expectations.stored(store, registry: registry, map: "areas")
        await store.close()
        let expected = try Expectations.figures(scenario.finalEvents, registry: registry)
        #expect(expected.keys.contains { $0.area == missing })
        let differences = Expectations.differences(stored, expected)
        #expect(differences.isEmpty, "\(differences)")

        let stats = try await WorkerProcess(executable: "popstream", arguments: ["dlq", "stats", "--bootstrap", cluster.bootstrap, "--format", "json"],
                                      logDirectory: folder.url)
        #expect(try await stats.waitForExit() == 0)
        #expect(stats.log.contains("\"unknown_area\""), "\(stats.log)")
    }
}
