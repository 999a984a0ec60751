import Foundation
import PostgresNIO
import Testing
@testable import Store

/// A PostgreSQL transaction that runs past the store's commit timeout: the watchdog closes its connection and
/// the transaction ends at once with a retryable error (it does not wait for a query that may never return),
/// and the pool goes on with a new connection.
@Suite("PostgreSQL commit watchdog")
struct CommitWatchdogTests {
    @Test("a transaction stuck past its time ends with a retryable error, and the next commit goes through",
          .enabled(if: TestDatabase.postgresConfigured, "needs POPSTREAM_TEST_POSTGRES_URL (make test starts a server)"),
          .timeLimit(.minutes(1)))
    func stuckTransaction() async throws {
        let database = try await TestDatabase.make(.postgres)
        guard case .postgres(let settings) = database.url else { return }
        let store = try await PostgresStateStore(settings: settings, commitTimeout: .milliseconds(300), logger: StoreLogging.defaultLogger,
                                                 faultInjection: nil, terminateBackendAfter: nil)
        let started = ContinuousClock.now
        let error = try await #require(throws: StoreError.self) {
            try await store.transaction { connection in
                try await connection.query("SELECT pg_sleep(30)", logger: StoreLogging.defaultLogger).drain()
            }
        }
        #expect(error.isRetryable, "\(error)")
        #expect(ContinuousClock.now - started < .seconds(10), "ended by the watchdog, not by the 30 s sleep")

        try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 1])]))
        #expect(try await store.leafCounters(matching: .all).map(\.units) == [1])
        await store.close()
        await database.drop()
    }
}
