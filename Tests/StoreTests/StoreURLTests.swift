import Foundation
import Testing
@testable import Store

@Suite("Store URLs and connection errors")
struct StoreURLTests {
    @Test func sqliteURLs() throws {
        #expect(try StoreURL(parsing: "sqlite:///var/lib/popstream/state.sqlite") == .sqlite(path: "/var/lib/popstream/state.sqlite"))
        #expect(try StoreURL(parsing: "sqlite://./data/popstream.sqlite", currentDirectory: "/srv/app") == .sqlite(path: "/srv/app/data/popstream.sqlite"))
        #expect(try StoreURL(parsing: "sqlite://../x.sqlite", currentDirectory: "/srv/app") == .sqlite(path: "/srv/x.sqlite"))
        #expect(throws: StoreError.self) { try StoreURL(parsing: "sqlite://") }
        #expect(throws: StoreError.self) { try StoreURL(parsing: "sqlite://data/x.sqlite") }
    }

    @Test func postgresURLs() throws {
        let url = try StoreURL(parsing: "postgres://pop:s3cret@db.example:6543/popstream?sslmode=require")
        #expect(url == .postgres(PostgresSettings(host: "db.example", port: 6543, username: "pop", password: "s3cret", database: "popstream", tls: .require)))
        #expect(!url.description.contains("s3cret"))
        #expect(try StoreURL(parsing: "postgresql://pop@localhost/db", environment: [:]) == .postgres(PostgresSettings(host: "localhost", username: "pop", password: nil, database: "db")))
        #expect(try StoreURL(parsing: "postgres://p%40p:a%2Fb@h:1/d") == .postgres(PostgresSettings(host: "h", port: 1, username: "p@p", password: "a/b", database: "d")))
    }

    /// The password kept off the command line: a mounted file, else `PGPASSWORD`; the URL's wins over the variable.
    @Test func passwordFromFileOrEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-pw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("fr0m-file\n".utf8).write(to: file)
        let expected = { (password: String?) in StoreURL.postgres(PostgresSettings(host: "db", username: "pop", password: password, database: "popstream")) }
        let environment = ["PGPASSWORD": "fr0m-env"]
        #expect(try StoreURL(parsing: "postgres://pop@db/popstream?password_file=\(file.path)", environment: environment) == expected("fr0m-file"))
        #expect(try StoreURL(parsing: "postgres://pop@db/popstream", environment: environment) == expected("fr0m-env"))
        #expect(try StoreURL(parsing: "postgres://pop:url@db/popstream", environment: environment) == expected("url"))
        #expect(try StoreURL(parsing: "postgres://pop@db/popstream", environment: ["PGPASSWORD": ""]) == expected(nil))
        for bad in ["postgres://pop:url@db/popstream?password_file=\(file.path)", "postgres://pop@db/popstream?password_file=/no/such/file",
                    "postgres://pop@db/popstream?password_file="] {
            let error = #expect(throws: StoreError.self) { try StoreURL(parsing: bad, environment: [:]) }
            guard case .invalidURL(let message) = error else { Issue.record("expected invalidURL for \(bad)"); continue }
            #expect(!message.contains("fr0m") && !message.contains("url@"))
        }
    }

    @Test(arguments: [
        "mysql://u:topsecret@h/db", "postgres://u:topsecret@/db", "postgres://u:topsecret@h:5432/",
        "postgres://:topsecret@h/db", "postgres://u:topsecret@h/db?sslmode=verify-full", "postgres://u:topsecret@h/db?foo=1", "just-a-path",
    ])
    func badURLs(text: String) throws {
        let error = #expect(throws: StoreError.self) { try StoreURL(parsing: text) }
        guard case .invalidURL(let message) = error else { Issue.record("expected invalidURL"); return }
        #expect(!message.contains("topsecret"))
        #expect(!message.contains("\n"))
    }

    /// Refused at once, not after a long retry (the bound is loose: the machine may be busy with other tests).
    @Test(.timeLimit(.minutes(2))) func unreachableServer() async throws {
        let start = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            _ = try await StateStoreFactory.open(url: "postgres://pop:topsecret@127.0.0.1:1/popstream")
        }
        guard case .unavailable(let message) = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("127.0.0.1:1"))
        #expect(!message.contains("topsecret"))
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test(.enabled(if: TestDatabase.postgresConfigured, "needs POPSTREAM_TEST_POSTGRES_URL (make test starts a server)"))
    func wrongDatabase() async throws {
        let admin = try #require(TestDatabase.postgresAdminSettings)
        let error = await #expect(throws: StoreError.self) {
            _ = try await StateStoreFactory.open(.postgres(admin.withDatabase("no_such_database_here")))
        }
        guard case .unavailable(let message) = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("no_such_database_here"))
    }

    @Test func unopenableSQLiteFile() async throws {
        let error = await #expect(throws: StoreError.self) {
            _ = try await StateStoreFactory.open(url: "sqlite:///proc/popstream/state.sqlite")
        }
        guard case .unavailable = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
    }

    @Test func relativeSQLiteCreatesFolders() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-url-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try StoreURL(parsing: "sqlite://./a/b/state.sqlite", currentDirectory: folder.path)
        let store = try await StateStoreFactory.open(url)
        #expect(try await store.unitStateCount() == 0)
        await store.close()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("a/b/state.sqlite").path))
    }
}
