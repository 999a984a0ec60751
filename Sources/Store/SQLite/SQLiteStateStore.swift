import Foundation
import GRDB
import Logging

/// The ``StateStore`` on one SQLite file, through GRDB.
///
/// WAL mode (a `DatabasePool`: readers never block the writer), a busy timeout so that several
/// worker processes can share the file, and `BEGIN IMMEDIATE` write transactions so that two
/// writers queue on the file lock instead of failing on a lock upgrade.
public final class SQLiteStateStore: StateStore {
    /// How long a writer waits for another process's write transaction before failing (retryable).
    public static let defaultBusyTimeout: TimeInterval = 10

    let pool: DatabasePool
    let logger: Logger
    let faultInjection: FaultInjection?
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
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "popstream.store"
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a process crash (kill -9) never loses a committed transaction; a power
            // loss may lose the last ones, but offsets are rolled back with their effects, so the
            // consumer simply processes those messages again. Exactness holds either way.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.unavailable("cannot open SQLite file \(path): \(SQLiteErrors.describe(error))")
        }
        self.logger = logger
        self.faultInjection = faultInjection
        try await migrate()
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

    public func commitBatch(_ batch: BatchCommit) async throws {
        try closedFlag.checkOpen()
        let normalized = NormalizedBatch(batch)
        let hook = faultInjection
        try await SQLiteErrors.mapping {
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try SQLiteBatchWriter(db: db, hook: hook).write(normalized)
                    return .commit
                }
            }
        }
    }

    public func unitStates(for keys: [UnitRecordKey]) async throws -> [UnitRecordKey: UnitStateRecord] {
        try closedFlag.checkOpen()
        guard !keys.isEmpty else { return [:] }
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT revision, last_event_id, payload FROM unit_states WHERE kind = ? AND unit_key = ?
                    """)
                var result: [UnitRecordKey: UnitStateRecord] = [:]
                result.reserveCapacity(keys.count)
                for key in keys where result[key] == nil {
                    if let row = try Row.fetchOne(statement, arguments: [key.kind, key.unitKey]) {
                        result[key] = UnitStateRecord(key: key, revision: row[0], lastEventId: row[1], payload: row[2])
                    }
                }
                return result
            }
        }
    }

    public func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        try closedFlag.checkOpen()
        guard !partitions.isEmpty else { return [:] }
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT next_offset FROM consumer_offsets WHERE group_id = ? AND topic = ? AND partition = ?
                    """)
                var result: [TopicPartition: Int64] = [:]
                for partition in partitions {
                    if let offset = try Int64.fetchOne(statement, arguments: [group, partition.topic, partition.partition]) {
                        result[partition] = offset
                    }
                }
                return result
            }
        }
    }

    public func pendingOutbox(limit: Int) async throws -> [OutboxEntry] {
        try closedFlag.checkOpen()
        guard limit > 0 else { return [] }
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, alert_id, sequence, message_key, payload, created_at_ms
                    FROM alert_outbox ORDER BY id LIMIT ?
                    """, arguments: [limit]).map { row in
                    OutboxEntry(
                        id: row[0],
                        message: OutboxMessage(alertId: row[1], sequence: row[2], key: row[3], payload: row[4]),
                        createdAt: Date(millisecondsSince1970: row[5])
                    )
                }
            }
        }
    }

    public func markOutboxDelivered(ids: [Int64]) async throws {
        try closedFlag.checkOpen()
        guard !ids.isEmpty else { return }
        try await SQLiteErrors.mapping {
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let statement = try db.cachedStatement(sql: "DELETE FROM alert_outbox WHERE id = ?")
                    for id in ids { try statement.execute(arguments: [id]) }
                    return .commit
                }
            }
        }
    }

    public func alertStates(ids: [String]) async throws -> [String: AlertStateRecord] {
        try closedFlag.checkOpen()
        guard !ids.isEmpty else { return [:] }
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states WHERE alert_id = ?
                    """)
                var result: [String: AlertStateRecord] = [:]
                for id in ids where result[id] == nil {
                    if let row = try Row.fetchOne(statement, arguments: [id]) {
                        result[id] = Self.alertState(row)
                    }
                }
                return result
            }
        }
    }

    public func allAlertStates(onlyFiring: Bool) async throws -> [AlertStateRecord] {
        try closedFlag.checkOpen()
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                let condition = onlyFiring ? "WHERE status = 'firing'" : ""
                return try Row.fetchAll(db, sql: """
                    SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states \(condition) ORDER BY alert_id
                    """).map(Self.alertState)
            }
        }
    }

    public func counters(matching filter: CounterFilter) async throws -> [CounterRow] {
        try closedFlag.checkOpen()
        if let areas = filter.areas, areas.isEmpty { return [] }
        return try await SQLiteErrors.mapping {
            try await pool.read { db in
                var conditions: [String] = []
                var arguments = StatementArguments()
                if let indicator = filter.indicator {
                    conditions.append("indicator = ?")
                    arguments += [indicator]
                }
                if let areas = filter.areas {
                    // One JSON array argument, however many areas: no limit on bound variables.
                    let json = String(decoding: try JSONEncoder().encode(areas.sorted()), as: UTF8.self)
                    conditions.append("area IN (SELECT value FROM json_each(?))")
                    arguments += [json]
                }
                if let period = filter.period {
                    conditions.append("period = ?")
                    arguments += [period]
                }
                let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
                return try Row.fetchAll(db, sql: """
                    SELECT indicator, area, period, numerator, denominator, units FROM counters \(whereClause)
                    ORDER BY indicator, area, period
                    """, arguments: arguments).map { row in
                    CounterRow(
                        key: CounterKey(indicator: row[0], area: row[1], period: row[2]),
                        numerator: row[3],
                        denominator: row[4],
                        units: row[5]
                    )
                }
            }
        }
    }

    public func unitStateCount() async throws -> Int {
        try closedFlag.checkOpen()
        return try await SQLiteErrors.mapping {
            try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit_states") ?? 0 }
        }
    }

    public func close() async {
        guard closedFlag.close() else { return }
        do {
            try pool.close()
        } catch {
            logger.warning("closing the SQLite store failed: \(SQLiteErrors.describe(error))")
        }
    }

    private static func alertState(_ row: Row) -> AlertStateRecord {
        AlertStateRecord(alertId: row[0], status: row[1], severity: row[2], sequence: row[3], since: row[4], lastMessage: row[5])
    }
}
