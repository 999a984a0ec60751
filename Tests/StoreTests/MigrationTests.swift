import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Migrations")
struct MigrationTests {
    @Test("migrations run twice in a row leave one schema and keep data", arguments: StoreKind.tested)
    func migrateTwice(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let first = try await database.open()
            try await first.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 2])]))
            await first.close()

            let second = try await database.open()
            #expect(try await second.leafCounters(matching: .all) == [Fixtures.delta(Fixtures.leaf(), [1, 1, 2])])
            await second.close()
            let third = try await database.open()
            #expect(try await third.unitStateCount() == 0)
            await third.close()
        }
    }

    @Test("several processes migrating one fresh database at once all succeed", arguments: StoreKind.tested)
    func concurrentMigrations(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let stores = try await withThrowingTaskGroup(of: (any StateStore).self) { group in
                for _ in 0..<4 { group.addTask { try await database.open() } }
                var stores: [any StateStore] = []
                for try await store in group { stores.append(store) }
                return stores
            }
            for store in stores {
                #expect(try await store.unitStateCount() == 0)
                await store.close()
            }
        }
    }

    @Test("a new SQLite file gets 2 KiB pages; a file made with SQLite's default 4 KiB keeps them and is migrated")
    func sqlitePageSize() async throws {
        try await TestDatabase.with(.sqlite) { database in
            guard case .sqlite(let path) = database.url else { Issue.record("not a SQLite database"); return }
            let store = try await database.open()
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 2])]))
            await store.close()
            #expect(try Self.pageSize(path) == SQLiteStateStore.pageSize)
            #expect(SQLiteStateStore.pageSize == 2048)
        }
        try await TestDatabase.with(.sqlite) { database in
            guard case .sqlite(let path) = database.url else { Issue.record("not a SQLite database"); return }
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            try await DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE earlier (x INTEGER)") }
            #expect(try Self.pageSize(path) == 4096)
            let store = try await database.open()
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 2])]))
            #expect(try await store.leafCounters(matching: .all) == [Fixtures.delta(Fixtures.leaf(), [1, 1, 2])])
            await store.close()
            #expect(try Self.pageSize(path) == 4096)
        }
    }

    private static func pageSize(_ path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
    }
}
