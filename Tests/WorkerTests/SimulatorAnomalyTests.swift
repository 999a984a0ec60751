import Foundation
import PopStreamCore
import Testing

/// The simulator's example anomalies, end to end: `popstream simulate` publishes, the four workers
/// consume, and the alerts the scenario is made for are firing on the alert topic.
@Suite("Simulator anomalies end to end")
struct SimulatorAnomalyTests {
    /// `deploy/scenarios/anomalies.json` in this checkout.
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/scenarios/anomalies.json")

    @Test("the example scenario's three anomalies fire their alerts", .timeLimit(.minutes(4)))
    func exampleScenarioFires() async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let simulate = try await WorkerProcess(executable: "popstream", arguments: [
            "simulate", "--bootstrap", cluster.bootstrap, "--count", "6000", "--seed", "1",
            "--clock", "2026-06-30T12:00:00+07:00", "--scenario", Self.scenario.path,
        ], logDirectory: folder.url)
        #expect(try await simulate.waitForExit(timeout: .seconds(120)) == 0, "\(simulate.log)")

        var workers: [WorkerProcess] = []
        for kind in EventKind.allCases {
            workers.append(try await WorkerProcess(kind, arguments: ["--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore,
                                                                     "--until-end", "--metrics-port", "0"], logDirectory: folder.url))
        }
        for worker in workers {
            #expect(try await worker.waitForExit(timeout: .seconds(180)) == 0, "\(worker.name):\n\(worker.tail())")
        }
        var latest: [String: Expectations.Alert] = [:]
        for alert in try await cluster.alerts() where alert.sequence >= latest[alert.alertId]?.sequence ?? 0 {
            latest[alert.alertId] = alert
        }
        for (alertId, severities) in [("sex_ratio_at_birth|19|2026", ["warning", "critical"]),
                                      ("newborn_screening_coverage|01843|2026", ["critical"]),
                                      ("child_marriage_rate|03160|2026", ["critical"])] {
            let alert = latest[alertId]
            #expect(alert?.status == "firing", "\(alertId): \(String(describing: alert))")
            #expect(severities.contains(alert?.severity ?? ""), "\(alertId): \(String(describing: alert))")
        }
    }
}
