import ChildProcesses
import Foundation

/// A throw-away PostgreSQL database on the server `make test` starts (`POPSTREAM_TEST_POSTGRES_URL`),
/// made and dropped with `psql`.
struct TestPostgres: Sendable {
    /// Whether this run has a server; tests that need one are skipped (shown as such) without it.
    static var available: Bool { adminURL != nil }

    static var adminURL: String? {
        guard let url = ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// The new database's URL.
    let url: String
    private let name: String
    private let admin: String

    /// Creates a fresh database.
    init() async throws {
        guard let admin = Self.adminURL, let slash = admin.lastIndex(of: "/") else {
            throw WorkerTestFailure("POPSTREAM_TEST_POSTGRES_URL is not set")
        }
        self.admin = admin
        name = "popstream_w_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        url = String(admin[..<slash]) + "/" + name
        try await Self.psql(admin, "CREATE DATABASE \(name)")
    }

    /// Runs one SQL statement on this database and returns its unaligned output.
    func query(_ sql: String) async throws -> String { try await Self.psql(url, sql) }

    /// Drops the database.
    func drop() async { _ = try? await Self.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    @discardableResult
    private static func psql(_ url: String, _ sql: String) async throws -> String {
        guard let psql = BuiltProduct.installed("psql") else { throw WorkerTestFailure("psql is not installed") }
        let run = try await ChildProcess.run(psql, arguments: [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        guard run.status == 0 else { throw WorkerTestFailure("psql: \(run.standardError)\(run.standardOutput)") }
        return run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
