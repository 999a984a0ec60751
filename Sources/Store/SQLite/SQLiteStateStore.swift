import Foundation
import GRDB
import Logging

/// The ``StateStore`` on one SQLite file, through GRDB.
///
/// WAL mode (a `DatabasePool`: readers never block the writer), a busy timeout so that several
/// worker processes can share the file, and `BEGIN IMMEDIATE` write transactions so that two
/// writers queue on the file lock instead of failing on a lock upgrade. Commits never checkpoint
/// the WAL themselves: ``SQLiteCheckpointer`` does it beside them (see `docs/storage.md`).
public final class SQLiteStateStore: StateStore {
    /// How long a writer waits for another process's write transaction before failing (retryable).
    public static let defaultBusyTimeout: TimeInterval = 10
    /// Page size of a new file, in bytes (an existing file keeps its own). A window's unit upserts land on
    /// random pages of a large tree, and each dirty page is written whole to the WAL and again by the
    /// checkpoint: with 2 KiB pages (SQLite's default is 4 KiB) each changed row writes half as many bytes,
    /// for a slightly deeper tree (see docs/performance.md, "Stores").
    static let pageSize = 2048
    /// Page cache of the writer, in KiB (`PRAGMA cache_size` takes a negative KiB count): it holds the
    /// pages a window dirties until the commit, and the interior pages of the unit-state tree.
    static let writerCacheKiB = 16 * 1024
    /// Page cache of each reader (unit-state reads, reports), in KiB.
    static let readerCacheKiB = 8 * 1024
    /// The file is mapped into memory up to this size: reads of hot pages skip the copy into the cache.
    /// Mapped pages count in the process's resident memory, so the map stays small; the operating
    /// system's file cache serves the rest of the file.
    static let mmapBytes = 16 * 1024 * 1024
    /// Reader connections of the pool (reports, unit-state reads): few, so that their page caches
    /// stay within the process's memory budget.
    static let maximumReaders = 2

    let pool: DatabasePool
    let logger: Logger
    let faultInjection: FaultInjection?
    let series = SeriesIdCache()
    let checkpointer: SQLiteCheckpointer
    private let closedFlag = ClosedFlag()

    /// Opens (creating it and its parent folders if needed) and migrates the file at `path`.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` or ``StoreError/migrationFailed(_:)``.
    public convenience init(path: String, busyTimeout: TimeInterval = SQLiteStateStore.defaultBusyTimeout, logger: Logger) async throws {
        try await self.init(path: path, busyTimeout: busyTimeout, logger: logger, faultInjection: nil)
    }

    init(path: String, busyTimeout: TimeInterval = SQLiteStateStore.defaultBusyTimeout, logger: Logger, faultInjection: FaultInjection?) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable("cannot create folder \(directory) for the SQLite store")
        }
        let configuration = Self.configuration(busyTimeout: busyTimeout)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            checkpointer = try SQLiteCheckpointer(path: path, configuration: configuration, logger: logger)
        } catch {
            throw StoreError.unavailable("cannot open SQLite file \(path): \(SQLiteErrors.describe(error))")
        }
        self.logger = logger
        self.faultInjection = faultInjection
        try await migrate()
    }

    static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "popstream.store"
        configuration.maximumReaderCount = maximumReaders
        configuration.prepareDatabase { db in
            // Takes effect only on a file not written yet (GRDB sets WAL mode after this closure).
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
            // WAL + NORMAL: a process crash (kill -9) never loses a committed transaction; a power
            // loss may lose the last ones, but offsets are rolled back with their effects, so the
            // consumer simply processes those messages again. Exactness holds either way.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(db.configuration.readonly ? readerCacheKiB : writerCacheKiB)")
            try db.execute(sql: "PRAGMA mmap_size = \(mmapBytes)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // No connection checkpoints on commit; the checkpointer does, off the commit path.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        return configuration
    }

    /// Applies missing migrations. Several processes may start at once: GRDB's migrator reads the
    /// applied list before taking the write lock, so a loser of that race fails on the migration
    /// record's primary key and simply tries again, then finds everything applied.
    private func migrate() async throws {
        let migrator = SQLiteSchema.migrator
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if attempt >= 5 {
                    throw StoreError.migrationFailed("SQLite: \(SQLiteErrors.describe(error))")
                }
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction on the writer, errors mapped, then lets the
    /// checkpointer catch up.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try closedFlag.checkOpen()
        let result = try await SQLiteErrors.mapping {
            try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.storageFailure("SQLite: transaction produced no result", retryable: false) }
                return result
            }
        }
        checkpointer.committed()
        return result
    }

    /// Runs `body` in one read transaction, errors mapped.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try closedFlag.checkOpen()
        return try await SQLiteErrors.mapping { try await pool.read(body) }
    }

    public func commitBatch(_ batch: BatchCommit) async throws {
        let normalized = NormalizedBatch(batch)
        let hook = faultInjection
        let known = series.lookup(normalized.series)
        let created = try await write { db in
            try SQLiteBatchWriter(db: db, hook: hook, knownSeries: known).write(normalized)
        }
        series.remember(created)
    }

    public func unitStates(kind: String, unitKeys: [String]) async throws -> [UnitStateRecord?] {
        guard !unitKeys.isEmpty else { return [] }
        // The keys travel sorted as one JSON array that `json_each` expands inside SQLite: one statement,
        // primary-key look-ups in key order (reusing the pages just read); each row comes back with its
        // element's position in the array, which leads to its place in `unitKeys`.
        let order = unitKeys.indices.sorted { unitKeys[$0] < unitKeys[$1] }
        var writer = JSONArrayWriter(capacity: unitKeys.count * 24)
        for index in order { writer.appendString(unitKeys[index]) }
        let list = writer.text()
        return try await read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT j.key, u.revision, u.payload
                FROM json_each(?) AS j CROSS JOIN unit_states AS u ON u.kind = ? AND u.unit_key = j.value
                """)
            var result = [UnitStateRecord?](repeating: nil, count: unitKeys.count)
            let rows = try Row.fetchCursor(statement, arguments: [list, kind])
            while let row = try rows.next() {
                let index = order[row[0] as Int]
                result[index] = UnitStateRecord(key: UnitRecordKey(kind: kind, unitKey: unitKeys[index]), revision: row[1], payload: row[2])
            }
            return result
        }
    }

    public func unitStates(kind: String, keyPrefixes: [String]) async throws -> [UnitRecordKey: UnitStateRecord] {
        let prefixes = Set(keyPrefixes.filter { !$0.isEmpty })
        guard !prefixes.isEmpty else { return [:] }
        return try await read { db in
            var result: [UnitRecordKey: UnitStateRecord] = [:]
            for prefix in prefixes {
                // A key range of the primary key, then the prefix itself checked. Both bounds are plain comparisons:
                // SQLite uses an `OR`ed bound as a filter only, which would scan the rest of the kind.
                let select = "SELECT unit_key, revision, payload FROM unit_states WHERE kind = ? AND unit_key >= ?"
                let rows = if let bound = UnitRecordKey.upperBound(ofPrefix: prefix) {
                    try Row.fetchCursor(db, sql: select + " AND unit_key < ?", arguments: [kind, prefix, bound])
                } else {
                    try Row.fetchCursor(db, sql: select, arguments: [kind, prefix])
                }
                while let row = try rows.next() {
                    let unitKey: String = row[0]
                    guard unitKey.hasPrefix(prefix) else { continue }
                    let key = UnitRecordKey(kind: kind, unitKey: unitKey)
                    result[key] = UnitStateRecord(key: key, revision: row[1], payload: row[2])
                }
            }
            return result
        }
    }

    public func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try await read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT next_offset FROM partition_owners WHERE group_id = ? AND topic = ? AND partition = ?
                """)
            var result: [TopicPartition: Int64] = [:]
            for partition in partitions {
                if let offset = try Int64?.fetchOne(statement, arguments: [group, partition.topic, partition.partition]) ?? nil {
                    result[partition] = offset
                }
            }
            return result
        }
    }

    public func leafCounters(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        if filter.matchesNothing { return [] }
        return try await read { db in try SQLiteLeafReader(db: db).rows(matching: filter) }
    }

    public func unitStateCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit_states") ?? 0 }
    }

    public func close() async {
        guard closedFlag.close() else { return }
        checkpointer.close()
        do {
            try pool.close()
        } catch {
            logger.warning("closing the SQLite store failed: \(SQLiteErrors.describe(error))")
        }
    }
}
