import Foundation
@testable import Store

/// A fresh, empty database for one test: a temporary SQLite file, or a new PostgreSQL database
/// created through the admin connection of `POPSTREAM_TEST_POSTGRES_URL` and dropped afterwards.
struct TestDatabase: Sendable {
    let kind: StoreKind
    let url: StoreURL
    private let cleanup: @Sendable () async -> Void

    /// Whether this run has a PostgreSQL server to test against.
    static var postgresConfigured: Bool { postgresAdminSettings != nil }

    static var postgresAdminSettings: PostgresSettings? {
        guard let text = ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"], !text.isEmpty else { return nil }
        return try? PostgresSettings(parsing: text)
    }

    /// A fresh database of `kind`; PostgreSQL needs `POPSTREAM_TEST_POSTGRES_URL` (see ``StoreKind/tested``).
    static func make(_ kind: StoreKind) async throws -> TestDatabase {
        let name = "popstream_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            let path = folder.appendingPathComponent("state.sqlite").path
            return TestDatabase(kind: kind, url: .sqlite(path: path)) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            guard let admin = postgresAdminSettings else {
                throw StoreError.unavailable("no PostgreSQL server: POPSTREAM_TEST_POSTGRES_URL is not set (make test sets it)")
            }
            try await adminExecute(admin, "CREATE DATABASE \(name)")
            let settings = admin.withDatabase(String(name))
            return TestDatabase(kind: kind, url: .postgres(settings)) {
                try? await adminExecute(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    static func adminExecute(_ admin: PostgresSettings, _ sql: String) async throws {
        try await PostgresStateStore.execute(sql, on: admin)
    }

    /// Opens a store on this database (each call opens a new pool).
    func open(faultInjection: FaultInjection? = nil, terminateBackendAfter: CommitStage? = nil) async throws -> any StateStore {
        switch url {
        case .sqlite(let path):
            return try await SQLiteStateStore(path: path, logger: StoreLogging.defaultLogger, faultInjection: faultInjection)
        case .postgres:
            return try await openPostgres(faultInjection: faultInjection, terminateBackendAfter: terminateBackendAfter)
        }
    }

    /// Opens a PostgreSQL store on this database (each call opens a new pool) with the timeouts given: tests of
    /// the commit watchdog and of stalled sessions set their own. Throws on a SQLite database.
    func openPostgres(commitTimeout: Duration = .seconds(30),
                      idleTransactionTimeout: Duration = PostgresStateStore.defaultIdleTransactionTimeout,
                      faultInjection: FaultInjection? = nil, terminateBackendAfter: CommitStage? = nil) async throws -> PostgresStateStore {
        guard case .postgres(let settings) = url else { throw StoreError.unavailable("not a PostgreSQL test database") }
        return try await PostgresStateStore(
            settings: settings, commitTimeout: commitTimeout, idleTransactionTimeout: idleTransactionTimeout,
            logger: StoreLogging.defaultLogger, faultInjection: faultInjection, terminateBackendAfter: terminateBackendAfter
        )
    }

    func drop() async { await cleanup() }

    /// Runs `body` with a fresh database of `kind` (skipped when PostgreSQL is not configured).
    static func with(_ kind: StoreKind, _ body: (TestDatabase) async throws -> Void) async throws {
        let database = try await make(kind)
        do {
            try await body(database)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    /// Runs `body` with an open store on a fresh database of `kind`, closed afterwards.
    static func withStore(_ kind: StoreKind, _ body: (any StateStore) async throws -> Void) async throws {
        try await with(kind) { database in
            let store = try await database.open()
            do {
                try await body(store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
