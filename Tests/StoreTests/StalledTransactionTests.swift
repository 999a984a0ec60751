import Foundation
import PostgresNIO
import Testing
@testable import Store

/// A process that stalls inside a commit (stopped, swapped out, its host gone) must not keep the partitions it
/// held locked: the server ends its session once it sits idle in its transaction for the store's
/// `idle_in_transaction_session_timeout`, so that the instance that took the partitions over can claim them, and
/// the stalled commit fails with a retryable error when it wakes.
///
/// The stalled transaction wakes after 20 s; the timeout is 1 s. Without the timeout the claim waits for the
/// whole 20 s. And the stalled transaction ends as soon as its session does (postgres-nio would leave its next
/// statement waiting for ever: the commit watchdog also fires when the connection closes).
@Suite("PostgreSQL: a stalled transaction")
struct StalledTransactionTests {
    @Test("does not keep its partition rows locked: another instance claims them long before it wakes",
          .enabled(if: TestDatabase.postgresConfigured, "needs POPSTREAM_TEST_POSTGRES_URL (make test starts a server)"),
          .timeLimit(.minutes(2)))
    func stalledOwner() async throws {
        let database = try await TestDatabase.make(.postgres)
        let logger = StoreLogging.defaultLogger
        let stalling = try await database.openPostgres(commitTimeout: .seconds(60), idleTransactionTimeout: .seconds(1))
        let other = try await database.open()
        let partition = TopicPartition(topic: "events.newborn.v1", partition: 0)
        let first = try await stalling.claimPartitions(group: "g", partitions: [partition])
        #expect(first.map(\.epoch) == [1])

        // The stalling instance locks its partition's row, then goes quiet inside the transaction.
        let (locked, lockedSignal) = AsyncStream<Void>.makeStream()
        let stalled = Task {
            try await stalling.transaction { connection in
                try await connection.query("UPDATE partition_owners SET updated_at = now()", logger: logger).drain()
                lockedSignal.yield()
                try await Task.sleep(for: .seconds(20))
                try await connection.query("SELECT 1", logger: logger).drain()
            }
        }
        for await _ in locked { break }

        let started = ContinuousClock.now
        let claims = try await other.claimPartitions(group: "g", partitions: [partition])
        let waited = ContinuousClock.now - started
        #expect(claims.map(\.epoch) == [2])
        #expect(waited < .seconds(15), "the claim waited \(waited) for a stalled transaction's lock")

        let outcome = await stalled.result
        #expect(ContinuousClock.now - started < .seconds(15), "the stalled transaction was not ended when its session was")
        if case .failure(let error) = outcome, let error = error as? StoreError {
            #expect(error.isRetryable, "\(error)")
        } else {
            Issue.record("the stalled transaction did not fail: \(outcome)")
        }
        // The stalling store goes on with a new session.
        #expect(try await stalling.offsets(group: "g", partitions: [partition]).isEmpty)
        await stalling.close()
        await other.close()
        await database.drop()
    }
}
