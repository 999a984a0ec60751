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
    /// How long the server lets a session of this store sit idle inside a transaction before it ends the
    /// session (`idle_in_transaction_session_timeout`): a stalled process (stopped, swapped out, its host
    /// gone) then releases the row locks it held, so that the instances that took over its partitions can
    /// claim them. A healthy transaction sends its next statement within milliseconds.
    static let defaultIdleTransactionTimeout: Duration = .seconds(15)
    let series = SeriesIdCache()
    private let runTask: Task<Void, Never>
    let closedFlag = ClosedFlag()

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
        idleTransactionTimeout: Duration = defaultIdleTransactionTimeout,
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
        configuration.options.additionalStartupParameters = Self.sessionParameters(idleTransactionTimeout: idleTransactionTimeout)
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

    /// Settings every session of the store starts with.
    static func sessionParameters(idleTransactionTimeout: Duration) -> [(String, String)] {
        [("idle_in_transaction_session_timeout", String(max(1, Int64(idleTransactionTimeout / .milliseconds(1)))))]
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
        configuration.options.additionalStartupParameters = sessionParameters(idleTransactionTimeout: defaultIdleTransactionTimeout)
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

    /// Runs `body` inside one transaction on one pooled connection, under the commit watchdog.
    ///
    /// After a failure other than `conflict`, `fenced` or `invalidBatch` (which leave the connection
    /// healthy and are rolled back) the connection is closed instead of rolled back: it may be dead
    /// or half-dead, and the server rolls back the open transaction of a session that ends.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try closedFlag.checkOpen()
        let timeout = commitTimeout
        let logger = logger
        let synchronousCommit = settings.synchronousCommit
        return try await PostgresErrors.mapping {
            try await client.withConnection { connection in
                // Watchdog over the whole transaction, ROLLBACK included: a connection the server dropped can
                // leave a query waiting; closing the connection fails it (``CommitWatchdog``).
                let watchdog = CommitWatchdog(connection: connection, timeout: timeout)
                do {
                    let result = try await watchdog.guarding {
                        try await connection.query("BEGIN", logger: logger).drain()
                        if !synchronousCommit {
                            try await connection.query("SET LOCAL synchronous_commit = off", logger: logger).drain()
                        }
                        let result = try await body(connection)
                        try await connection.query("COMMIT", logger: logger).drain()
                        return result
                    }
                    await watchdog.finish()
                    return result
                } catch {
                    let storeError = PostgresErrors.storeError(error)
                    switch storeError {
                    case .conflict, .fenced, .invalidBatch:
                        _ = try? await watchdog.guarding { try await connection.query("ROLLBACK", logger: logger).drain() }
                    default:
                        try? await connection.close()
                    }
                    await watchdog.finish()
                    throw storeError
                }
            }
        }
    }

    public func commitBatch(_ batch: BatchCommit) async throws {
        try closedFlag.checkOpen()
        guard !batch.isEmpty else { return }
        let normalized = NormalizedBatch(batch)
        let writer = PostgresBatchWriter(logger: logger, hook: faultInjection, terminateAfter: terminateBackendAfter)
        let known = series.lookup(normalized.series)
        let created = try await transaction { connection in
            try await writer.write(normalized, knownSeries: known, on: connection)
        }
        series.remember(created)
    }

    public func unitStates(kind: String, unitKeys: [String]) async throws -> [UnitStateRecord?] {
        try closedFlag.checkOpen()
        guard !unitKeys.isEmpty else { return [] }
        // The keys travel sorted (index look-ups in key order share the pages they read); each row comes back
        // with its key's position in the sorted chunk, which leads to its place in `unitKeys`.
        let order = unitKeys.indices.sorted { unitKeys[$0] < unitKeys[$1] }
        let sorted = order.map { unitKeys[$0] }
        let logger = logger
        return try await PostgresErrors.mapping {
            try await client.withConnection { connection in
                var result = [UnitStateRecord?](repeating: nil, count: unitKeys.count)
                for start in stride(from: 0, to: sorted.count, by: Self.chunkSize) {
                    let chunk = sorted[start..<min(start + Self.chunkSize, sorted.count)]
                    let statement = PostgresStatements.ReadUnitStates(kind: kind, unitKeys: chunk)
                    for try await (position, revision, payload) in try await connection.execute(statement, logger: logger) {
                        // `WITH ORDINALITY` counts from 1 within the chunk.
                        let index = order[start + Int(position) - 1]
                        result[index] = UnitStateRecord(key: UnitRecordKey(kind: kind, unitKey: unitKeys[index]), revision: revision, payload: payload)
                    }
                }
                return result
            }
        }
    }

    public func unitStates(kind: String, keyPrefixes: [String]) async throws -> [UnitRecordKey: UnitStateRecord] {
        try closedFlag.checkOpen()
        let prefixes = Set(keyPrefixes.filter { !$0.isEmpty })
        guard !prefixes.isEmpty else { return [:] }
        return try await PostgresErrors.mapping {
            var result: [UnitRecordKey: UnitStateRecord] = [:]
            for prefix in prefixes {
                // A key range of the primary key (byte order: COLLATE "C"), then the prefix itself checked. Both bounds
                // are plain comparisons, so that the index scan stops at the upper one.
                let bound = UnitRecordKey.upperBound(ofPrefix: prefix)
                let rows = if let bound {
                    try await client.query("""
                        SELECT unit_key, revision, payload FROM unit_states
                        WHERE kind = \(kind) AND unit_key >= \(prefix) AND unit_key < \(bound)
                        """, logger: logger)
                } else {
                    try await client.query("""
                        SELECT unit_key, revision, payload FROM unit_states WHERE kind = \(kind) AND unit_key >= \(prefix)
                        """, logger: logger)
                }
                for try await (unitKey, revision, payload) in rows.decode((String, Int64, Data).self) where unitKey.hasPrefix(prefix) {
                    let key = UnitRecordKey(kind: kind, unitKey: unitKey)
                    result[key] = UnitStateRecord(key: key, revision: revision, payload: payload)
                }
            }
            return result
        }
    }

    public func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        try closedFlag.checkOpen()
        guard !partitions.isEmpty else { return [:] }
        let topics = partitions.map(\.topic)
        let numbers = partitions.map(\.partition)
        return try await PostgresErrors.mapping {
            let rows = try await client.query("""
                SELECT o.topic, o.partition, o.next_offset FROM partition_owners o
                JOIN (SELECT DISTINCT * FROM UNNEST(\(topics)::text[], \(numbers)::int[]) AS p(topic, partition)) p
                  ON o.topic = p.topic AND o.partition = p.partition
                WHERE o.group_id = \(group) AND o.next_offset IS NOT NULL
                """, logger: logger)
            var result: [TopicPartition: Int64] = [:]
            for try await (topic, partition, offset) in rows.decode((String, Int32, Int64).self) {
                result[TopicPartition(topic: topic, partition: partition)] = offset
            }
            return result
        }
    }

    public func leafCounters(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        try closedFlag.checkOpen()
        if filter.matchesNothing { return [] }
        return try await PostgresErrors.mapping {
            try await PostgresLeafReader(client: client, logger: logger).rows(matching: filter)
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
