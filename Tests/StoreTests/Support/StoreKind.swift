import Foundation

/// The store implementations every conformance test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The kinds this run can test: SQLite always, PostgreSQL when `POPSTREAM_TEST_POSTGRES_URL` names a
    /// server (`make test` starts one). Without it the PostgreSQL cases do not run at all, and the test
    /// "a PostgreSQL server is available" shows as skipped: they never count as passed.
    static var tested: [StoreKind] { TestDatabase.postgresConfigured ? [.sqlite, .postgres] : [.sqlite] }
}
