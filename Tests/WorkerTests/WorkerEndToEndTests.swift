import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store
import Testing

/// The four worker executables against the embedded broker, end to end: the figures equal a
/// recomputation from each unit's final revision, every bad event is dead-lettered once with its reason,
/// and the alert topic ends saying the final status of every (indicator, area, period).
@Suite("Workers end to end")
struct WorkerEndToEndTests {
    @Test("four workers: duplicates, out-of-order and moving revisions, retractions and every bad event", .timeLimit(.minutes(5)))
    func fourWorkers() async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = Scenario.make(seed: 20_261_129, units: 400, communes: TestAreas.communes)
        for kind in EventKind.allCases { try await cluster.publish(scenario.messages[kind] ?? [], kind: kind) }

        var workers: [WorkerProcess] = []
        for kind in EventKind.allCases {
            workers.append(try await WorkerProcess(kind, arguments: [
                "--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore, "--until-end", "--metrics-port", "0",
                "--window-messages", "150", "--evaluation-interval-ms", "50",
            ], logDirectory: folder.url))
        }
        for worker in workers {
            let status = try await worker.waitForExit(timeout: .seconds(180))
            #expect(status == 0, "\(worker.name) exited \(status):\n\(worker.tail())")
        }

        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let stored = try await Expectations.stored(store, registry: TestAreas.registry, map: TestAreas.map)
        await store.close()
        let expected = try Expectations.figures(scenario.finalEvents, registry: TestAreas.registry)
        #expect(!expected.isEmpty)
        let differences = Expectations.differences(stored, expected)
        #expect(differences.isEmpty, "\(differences)")

        // What a worker logged last, for the messages of failed expectations.
        func logs(of kind: EventKind) -> String {
            workers.filter { $0.name.contains(WorkerProcess.shortName(kind)) }.map { $0.tail(15) }.joined()
        }
        for kind in EventKind.allCases {
            let letters = try await cluster.deadLetters(kind)
            let byKey = Dictionary(grouping: letters) { $0.key ?? "" }
            for bad in scenario.badEvents[kind] ?? [] {
                let copies = byKey[bad.key] ?? []
                #expect(copies.count == 1, "\(kind) \(bad.reason): \(copies.count) dead letters")
                let reason = copies.first?.headers["popstream-error"]
                #expect(reason == bad.reason.rawValue, "\(kind) \(bad.key)")
                let detail = copies.first?.headers["popstream-detail"] ?? ""
                #expect(detail.count > 0, "\(kind) \(bad.key): no detail")
            }
            #expect(letters.count == scenario.badEvents[kind]?.count, "\(kind): \(letters.count) dead letters\n\(logs(of: kind))")
        }
        // The dead letter carries the original bytes untouched.
        let original = try #require(scenario.messages[.newbornScreening]?.first { $0.key == "someone-else-newborn-screening" })
        let letter = try await cluster.deadLetters(.newbornScreening).first { $0.key == "someone-else-newborn-screening" }
        #expect(letter?.value == original.value)

        let evaluator = IndicatorEvaluator(registry: TestAreas.registry,
                                           targets: try #require(try BundledTargets.targets(named: TestAreas.map, registry: TestAreas.registry)))
        let alerts = try await cluster.alerts()
        #expect(!alerts.isEmpty)
        let problems = Expectations.alertProblems(alerts, figures: expected, evaluator: evaluator, kinds: Set(EventKind.allCases))
        #expect(problems.isEmpty, "\(problems.prefix(10))\n\(workers.map { "\($0.name):\n\($0.tail(15))" }.joined(separator: "\n"))")
        // The four workers share the store (and its outbox): each transition is published once, by the worker of
        // its kind, and in order, so that the last message of an alertId in its partition (what log compaction
        // keeps) is its latest transition.
        let sequences = Dictionary(grouping: alerts, by: \.alertId).mapValues { $0.map(\.sequence) }
        let repeated = sequences.filter { Set($0.value).count != $0.value.count }
        #expect(repeated.isEmpty, "published more than once: \(repeated.prefix(5))")
        let unordered = sequences.filter { $0.value != $0.value.sorted() }
        #expect(unordered.isEmpty, "out of order: \(unordered.prefix(5))")
    }
}
