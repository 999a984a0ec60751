import Foundation
import Pipeline
import PopStreamCore
import Reporting
import Testing
@testable import Store

/// The stores the report tests run on: SQLite always, PostgreSQL when `POPSTREAM_TEST_POSTGRES_URL` names a
/// server (`make test` and `scripts/with-postgres.sh` set it); without it the PostgreSQL cases do not run and
/// the test "PostgreSQL server for the report tests" shows as skipped.
enum ReportStoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    static var postgresAdminURL: String? {
        guard let text = ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"], !text.isEmpty else { return nil }
        return text
    }

    static var postgresAdmin: PostgresSettings? { postgresAdminURL.flatMap { try? PostgresSettings(parsing: $0) } }

    static var tested: [ReportStoreKind] { postgresAdmin == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// A store filled with ``ReportFixtures/events`` (committed through `CommitWindowBuilder`, alerts evaluated by
/// `AlertCycle` as the workers do), and a folder holding the registry and targets files the `popstream` binary
/// is given.
struct ReportStoreFixture: Sendable {
    let kind: ReportStoreKind
    /// The folder with `report-map.csv`, `targets.json` and (SQLite) the store file.
    let folder: URL
    /// The `--store` URL.
    let storeURL: String
    let store: any StateStore
    let deployment: ReportDeployment
    private let databaseName: String?

    var areasPath: String { folder.appendingPathComponent(ReportFixtures.mapName + ".csv").path }
    var targetsPath: String { folder.appendingPathComponent("targets.json").path }

    /// `--store`, `--areas` and `--targets` for the `popstream` binary.
    var sourceArguments: [String] { ["--store", storeURL, "--areas", areasPath, "--targets", targetsPath] }

    var report: IndicatorReport { IndicatorReport(store: store, deployment: deployment) }

    /// Runs `body` with a freshly filled store of `kind`, removed afterwards.
    static func with(_ kind: ReportStoreKind, _ body: (ReportStoreFixture) async throws -> Void) async throws {
        let fixture = try await make(kind)
        do {
            try await body(fixture)
        } catch {
            await fixture.remove()
            throw error
        }
        await fixture.remove()
    }

    private static func make(_ kind: ReportStoreKind) async throws -> ReportStoreFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-report-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(ReportFixtures.areasCSV.utf8).write(to: folder.appendingPathComponent(ReportFixtures.mapName + ".csv"))
        try Data(ReportFixtures.targetsJSON.utf8).write(to: folder.appendingPathComponent("targets.json"))
        let text: String
        var databaseName: String?
        switch kind {
        case .sqlite:
            text = "sqlite://" + folder.appendingPathComponent("store.sqlite").path
        case .postgres:
            let adminURL = try #require(ReportStoreKind.postgresAdminURL)
            let admin = try #require(ReportStoreKind.postgresAdmin)
            let slash = try #require(adminURL.lastIndex(of: "/"))
            let name = "popstream_r_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            try await PostgresStateStore.execute("CREATE DATABASE \(name)", on: admin)
            databaseName = String(name)
            text = String(adminURL[..<slash]) + "/" + name
        }
        let store = try await StateStoreFactory.open(url: text)
        let registry = try ReportFixtures.registry()
        let deployment = ReportDeployment(registry: registry, mapName: ReportFixtures.mapName, targets: try ReportFixtures.targets(registry))
        try await fill(store, deployment: deployment)
        return ReportStoreFixture(kind: kind, folder: folder, storeURL: text, store: store, deployment: deployment,
                                  databaseName: databaseName)
    }

    /// Commits the fixture's events in one window, then evaluates the alerts of every kind once.
    private static func fill(_ store: any StateStore, deployment: ReportDeployment) async throws {
        let partition = TopicPartition(topic: "health.report-fixture.v1", partition: 0)
        let engine = IndicatorEngine(registry: deployment.registry)
        let claim = try #require(try await store.claimPartitions(group: "report-tests", partitions: [partition]).first)
        var window = CommitWindowBuilder(engine: engine, map: deployment.mapName, group: "report-tests")
        let events = ReportFixtures.events
        try await window.load(units: events.map(\.unitKey), from: store)
        for event in events { _ = try window.apply(event) }
        window.consumed(partition, epoch: claim.epoch, from: claim.nextOffset, through: Int64(events.count - 1),
                        messages: events.count, bytes: 0)
        try await store.commitBatch(window.commit())
        for kind in EventKind.allCases {
            let lease = try #require(try await store.acquireLease(scope: kind.rawValue, holder: "report-tests", duration: .seconds(30)))
            let cycle = AlertCycle(kind: kind, map: deployment.mapName, store: store, evaluator: deployment.evaluator)
            _ = try await cycle.run(lease: lease, now: Date(timeIntervalSince1970: 1_741_600_000))
        }
    }

    private func remove() async {
        await store.close()
        if let databaseName, let admin = ReportStoreKind.postgresAdmin {
            try? await PostgresStateStore.execute("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)", on: admin)
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite("Report test stores")
struct ReportStoreAvailabilityTests {
    @Test("PostgreSQL server for the report tests", .enabled(if: ReportStoreKind.postgresAdmin != nil), .timeLimit(.minutes(3)))
    func postgresIsTested() async throws {
        #expect(ReportStoreKind.tested.contains(.postgres))
    }
}
