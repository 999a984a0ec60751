import Foundation
import PostgresNIO
import Testing
@testable import Store

/// A PostgreSQL transaction that runs past the store's commit timeout: the watchdog closes its connection and
/// the transaction ends at once with a retryable error (it does not wait for a query that may never return),
/// and the pool goes on with a new connection.
///
/// The timeout is 3 s, far under the stuck statement's 60 s and far over what a loaded machine needs to start
/// the transaction.
@Suite("PostgreSQL commit watchdog")
struct CommitWatchdogTests {
    @Test("a transaction stuck past its time ends with a retryable error, and the store answers the next request",
          .enabled(if: TestDatabase.postgresConfigured, "needs POPSTREAM_TEST_POSTGRES_URL (make test starts a server)"),
          .timeLimit(.minutes(2)))
    func stuckTransaction() async throws {
        let database = try await TestDatabase.make(.postgres)
        let store = try await database.openPostgres(commitTimeout: .seconds(3))
        let started = ContinuousClock.now
        let error = try await #require(throws: StoreError.self) {
            try await store.transaction { connection in
                try await connection.query("SELECT pg_sleep(60)", logger: StoreLogging.defaultLogger).drain()
            }
        }
        #expect(error.isRetryable, "\(error)")
        #expect(ContinuousClock.now - started < .seconds(40), "ended by the watchdog, not by the 60 s sleep")

        // The pool replaced the closed connection (nothing was committed).
        #expect(try await store.leafCounters(matching: .all).isEmpty)
        await store.close()
        await database.drop()
    }
}
