import Foundation
import Testing
@testable import Store

/// Makes a missing PostgreSQL server visible: without `POPSTREAM_TEST_POSTGRES_URL` this test is
/// skipped (and every PostgreSQL case with it); with it, the server must answer, or the run fails.
@Suite("PostgreSQL server for the store tests")
struct PostgresAvailabilityTests {
    @Test("a PostgreSQL server is available",
          .enabled(if: TestDatabase.postgresConfigured, "no PostgreSQL server: POPSTREAM_TEST_POSTGRES_URL is not set (make test sets it)"))
    func serverAnswers() async throws {
        let settings = try #require(TestDatabase.postgresAdminSettings)
        try await PostgresStateStore.execute("SELECT 1", on: settings)
    }
}
