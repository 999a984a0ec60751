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
    init() throws {
        guard let admin = Self.adminURL, let slash = admin.lastIndex(of: "/") else {
            throw WorkerTestFailure("POPSTREAM_TEST_POSTGRES_URL is not set")
        }
        self.admin = admin
        name = "popstream_w_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        url = String(admin[..<slash]) + "/" + name
        try Self.psql(admin, "CREATE DATABASE \(name)")
    }

    /// Runs one SQL statement on this database and returns its unaligned output.
    func query(_ sql: String) throws -> String { try Self.psql(url, sql) }

    /// Drops the database.
    func drop() { _ = try? Self.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    @discardableResult
    private static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else { throw WorkerTestFailure("psql: \(text)") }
        return text
    }
}
