import Foundation
import Logging
import PostgresNIO

/// The ``StateStore`` on a PostgreSQL server, through postgres-nio's `PostgresClient` pool.
///
/// Start-up connects once directly (so an unreachable server or bad credentials fail at once with a
/// clear ``StoreError/unavailable(_:)``) and migrates under an advisory lock; then the pool serves
/// every call. The pool's `run()` lives in a task this store owns; ``close()`` ends it.
public final class PostgresStateStore: StateStore {
    /// Rows per multi-row statement: a batch of 10,000 units costs two round trips, not 10,000.
    static let chunkSize = 5_000

    let settings: PostgresSettings
    let client: PostgresClient
    let logger: Logger
    let faultInjection: FaultInjection?
    let terminateBackendAfter: CommitStage?
    /// How long one commit may take before its connection is closed and the commit fails (retryable).
    let commitTimeout: Duration
    private let runTask: Task<Void, Never>
    private let closedFlag = ClosedFlag()

    /// Connects to `settings`, migrates the schema and starts a pool of at most `maximumConnections`.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` or ``StoreError/migrationFailed(_:)``.
    public convenience init(
        settings: PostgresSettings,
        maximumConnections: Int = 8,
        commitTimeout: Duration = .seconds(120),
        logger: Logger
    ) async throws {
        try await self.init(
            settings: settings, maximumConnections: maximumConnections, commitTimeout: commitTimeout,
            logger: logger, faultInjection: nil, terminateBackendAfter: nil
        )
    }

    init(
        settings: PostgresSettings,
        maximumConnections: Int = 8,
        commitTimeout: Duration = .seconds(120),
        logger: Logger,
        faultInjection: FaultInjection?,
        terminateBackendAfter: CommitStage?
    ) async throws {
        self.settings = settings
        self.commitTimeout = commitTimeout
        self.logger = logger
        self.faultInjection = faultInjection
        self.terminateBackendAfter = terminateBackendAfter
        try await Self.migrate(settings: settings, logger: logger)

        var configuration = PostgresClient.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: try Self.clientTLS(settings.tls)
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        // The pool works only while `run()` runs: start it, and wait until its task has begun.
        let (started, signal) = AsyncStream<Void>.makeStream()
        runTask = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        await Task.yield()
    }

    // MARK: Connecting and migrating

    private static func connectionTLS(_ mode: PostgresSettings.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .require:
            do {
                return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw StoreError.unavailable("cannot set up TLS for PostgreSQL: \(error)")
            }
        }
    }

    private static func clientTLS(_ mode: PostgresSettings.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Opens one direct connection to `settings` (used for migrations and by tests for admin work).
    static func connect(_ settings: PostgresSettings, logger: Logger) async throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: try connectionTLS(settings.tls)
        )
        configuration.options.connectTimeout = .seconds(10)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresErrors.connectFailure(error, settings: settings)
        }
    }

    /// Runs one statement on a direct connection (administration, e.g. tests creating databases).
    static func execute(_ sql: String, on settings: PostgresSettings, logger: Logger = StoreLogging.defaultLogger) async throws {
        let connection = try await connect(settings, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).drain()
        } catch {
            try? await connection.close()
            throw PostgresErrors.storeError(error)
        }
        try? await connection.close()
    }

    /// Applies missing migrations in one transaction holding `pg_advisory_xact_lock`, so that
    /// processes starting together apply each migration exactly once and wait for each other.
    static func migrate(settings: PostgresSettings, logger: Logger) async throws {
        let connection = try await connect(settings, logger: logger)
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.advisoryLockKey))", logger: logger).drain()
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """, logger: logger).drain()
                var applied = Set<Int32>()
                for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int32.self) {
                    applied.insert(version)
                }
                for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).drain()
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                        logger: logger
                    ).drain()
                    logger.info("applied PostgreSQL migration \(migration.version) \(migration.name)")
                }
            }
        } catch {
            try? await connection.close()
            let inner = PostgresErrors.storeError(error)
            throw StoreError.migrationFailed(inner.description)
        }
        try? await connection.close()
    }

    // MARK: StateStore

    public func commitBatch(_ batch: BatchCommit) async throws {
        try closedFlag.checkOpen()
        let normalized = NormalizedBatch(batch)
        guard !batch.isEmpty else { return }
        let writer = PostgresBatchWriter(logger: logger, hook: faultInjection, terminateAfter: terminateBackendAfter)
        let timeout = commitTimeout
        let logger = logger
        try await PostgresErrors.mapping {
            try await client.withConnection { connection in
                // Watchdog over the whole transaction, ROLLBACK included: a connection the server
                // dropped can leave a query waiting; closing the connection fails it.
                let watchdog = Task {
                    try await Task.sleep(for: timeout)
                    try? await connection.close()
                }
                defer { watchdog.cancel() }
                try await connection.query("BEGIN", logger: logger).drain()
                do {
                    try await writer.write(normalized, on: connection)
                    try await connection.query("COMMIT", logger: logger).drain()
                } catch {
                    let storeError = PostgresErrors.storeError(error)
                    switch storeError {
                    case .conflict, .invalidBatch:
                        // The connection is healthy: roll back and keep it in the pool.
                        try? await connection.query("ROLLBACK", logger: logger).drain()
                    default:
                        // The connection may be dead or half-dead: do not talk to it again. Closing
                        // it ends the session, and PostgreSQL rolls the open transaction back.
                        try? await connection.close()
                    }
                    throw storeError
                }
            }
        }
    }

    public func unitStates(for keys: [UnitRecordKey]) async throws -> [UnitRecordKey: UnitStateRecord] {
        try closedFlag.checkOpen()
        guard !keys.isEmpty else { return [:] }
        let logger = logger
        return try await PostgresErrors.mapping {
            try await client.withConnection { connection in
                var result: [UnitRecordKey: UnitStateRecord] = [:]
                result.reserveCapacity(keys.count)
                for start in stride(from: 0, to: keys.count, by: Self.chunkSize) {
                    let chunk = keys[start..<min(start + Self.chunkSize, keys.count)]
                    let kinds = chunk.map(\.kind)
                    let unitKeys = chunk.map(\.unitKey)
                    let rows = try await connection.query("""
                        SELECT u.kind, u.unit_key, u.revision, u.last_event_id, u.payload
                        FROM unit_states u
                        JOIN (SELECT DISTINCT * FROM UNNEST(\(kinds)::text[], \(unitKeys)::text[]) AS k(kind, unit_key)) k
                          ON u.kind = k.kind AND u.unit_key = k.unit_key
                        """, logger: logger)
                    for try await (kind, unitKey, revision, eventId, payload) in rows.decode((String, String, Int64, String, Data).self) {
                        let key = UnitRecordKey(kind: kind, unitKey: unitKey)
                        result[key] = UnitStateRecord(key: key, revision: revision, lastEventId: eventId, payload: payload)
                    }
                }
                return result
            }
        }
    }

    public func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        try closedFlag.checkOpen()
        guard !partitions.isEmpty else { return [:] }
        let topics = partitions.map(\.topic)
        let numbers = partitions.map(\.partition)
        let rows = try await PostgresErrors.mapping {
            try await client.query("""
                SELECT o.topic, o.partition, o.next_offset FROM consumer_offsets o
                JOIN (SELECT DISTINCT * FROM UNNEST(\(topics)::text[], \(numbers)::int[]) AS p(topic, partition)) p
                  ON o.topic = p.topic AND o.partition = p.partition
                WHERE o.group_id = \(group)
                """, logger: logger)
        }
        return try await PostgresErrors.mapping {
            var result: [TopicPartition: Int64] = [:]
            for try await (topic, partition, offset) in rows.decode((String, Int32, Int64).self) {
                result[TopicPartition(topic: topic, partition: partition)] = offset
            }
            return result
        }
    }

    public func pendingOutbox(limit: Int) async throws -> [OutboxEntry] {
        try closedFlag.checkOpen()
        guard limit > 0 else { return [] }
        return try await PostgresErrors.mapping {
            let rows = try await client.query("""
                SELECT id, alert_id, sequence, message_key, payload, created_at FROM alert_outbox ORDER BY id LIMIT \(limit)
                """, logger: logger)
            var result: [OutboxEntry] = []
            for try await (id, alertId, sequence, key, payload, createdAt) in rows.decode((Int64, String, Int64, String, Data, Date).self) {
                result.append(OutboxEntry(
                    id: id,
                    message: OutboxMessage(alertId: alertId, sequence: sequence, key: key, payload: payload),
                    createdAt: createdAt
                ))
            }
            return result
        }
    }

    public func markOutboxDelivered(ids: [Int64]) async throws {
        try closedFlag.checkOpen()
        guard !ids.isEmpty else { return }
        try await PostgresErrors.mapping {
            for start in stride(from: 0, to: ids.count, by: Self.chunkSize) {
                let chunk = Array(ids[start..<min(start + Self.chunkSize, ids.count)])
                try await client.query("DELETE FROM alert_outbox WHERE id = ANY(\(chunk)::bigint[])", logger: logger).drain()
            }
        }
    }

    public func alertStates(ids: [String]) async throws -> [String: AlertStateRecord] {
        try closedFlag.checkOpen()
        guard !ids.isEmpty else { return [:] }
        return try await PostgresErrors.mapping {
            let rows = try await client.query("""
                SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states
                WHERE alert_id = ANY(\(ids)::text[])
                """, logger: logger)
            var result: [String: AlertStateRecord] = [:]
            for try await state in rows.decode((String, String, String?, Int64, String, Data?).self) {
                result[state.0] = AlertStateRecord(alertId: state.0, status: state.1, severity: state.2, sequence: state.3, since: state.4, lastMessage: state.5)
            }
            return result
        }
    }

    public func allAlertStates(onlyFiring: Bool) async throws -> [AlertStateRecord] {
        try closedFlag.checkOpen()
        return try await PostgresErrors.mapping {
            let query: PostgresQuery = onlyFiring
                ? "SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states WHERE status = 'firing' ORDER BY alert_id"
                : "SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states ORDER BY alert_id"
            let rows = try await client.query(query, logger: logger)
            var result: [AlertStateRecord] = []
            for try await state in rows.decode((String, String, String?, Int64, String, Data?).self) {
                result.append(AlertStateRecord(alertId: state.0, status: state.1, severity: state.2, sequence: state.3, since: state.4, lastMessage: state.5))
            }
            return result
        }
    }

    public func counters(matching filter: CounterFilter) async throws -> [CounterRow] {
        try closedFlag.checkOpen()
        if let areas = filter.areas, areas.isEmpty { return [] }
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let indicator = filter.indicator {
            binds.append(indicator)
            conditions.append("indicator = $\(binds.count)")
        }
        if let areas = filter.areas {
            binds.append(areas.sorted())
            conditions.append("area = ANY($\(binds.count)::text[])")
        }
        if let period = filter.period {
            binds.append(period)
            conditions.append("period = $\(binds.count)")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: """
            SELECT indicator, area, period, numerator, denominator, units FROM counters \(whereClause)
            ORDER BY indicator COLLATE "C", area COLLATE "C", period COLLATE "C"
            """, binds: binds)
        return try await PostgresErrors.mapping {
            let rows = try await client.query(query, logger: logger)
            var result: [CounterRow] = []
            for try await (indicator, area, period, numerator, denominator, units) in rows.decode((String, String, String, Int64, Int64, Int64).self) {
                result.append(CounterRow(key: CounterKey(indicator: indicator, area: area, period: period), numerator: numerator, denominator: denominator, units: units))
            }
            return result
        }
    }

    public func unitStateCount() async throws -> Int {
        try closedFlag.checkOpen()
        return try await PostgresErrors.mapping {
            let rows = try await client.query("SELECT COUNT(*) FROM unit_states", logger: logger)
            var total = 0
            for try await count in rows.decode(Int64.self) { total += Int(count) }
            return total
        }
    }

    public func close() async {
        guard closedFlag.close() else { return }
        runTask.cancel()
        await runTask.value
    }
}
