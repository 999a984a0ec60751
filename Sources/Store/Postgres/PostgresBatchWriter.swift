import Foundation
import Logging
import PostgresNIO

/// Writes one normalized batch inside an open PostgreSQL transaction with multi-row statements:
/// each part is sent as a few arrays and expanded by `UNNEST` on the server, in chunks of
/// ``PostgresStateStore/chunkSize`` rows. Rows arrive sorted by key, so concurrent writers lock
/// overlapping counter rows in the same order and cannot deadlock.
struct PostgresBatchWriter: Sendable {
    let logger: Logger
    let hook: FaultInjection?
    let terminateAfter: CommitStage?

    func write(_ batch: NormalizedBatch, on connection: PostgresConnection) async throws {
        try await writeCounters(batch.counters, on: connection)
        try await after(.counters, on: connection)
        try await writeUnits(batch.units, on: connection)
        try await after(.units, on: connection)
        try await writeOffsets(batch.offsets, on: connection)
        try await after(.offsets, on: connection)
        try await writeAlerts(batch.alerts, on: connection)
        try await after(.alerts, on: connection)
        try await writeOutbox(batch.outbox, on: connection)
        try await after(.outbox, on: connection)
    }

    /// Test hooks: throw, or have the server kill this session mid-transaction (a real crash
    /// seen from the database: the connection drops with the transaction open).
    private func after(_ stage: CommitStage, on connection: PostgresConnection) async throws {
        try hook?(stage)
        if terminateAfter == stage {
            // The server signals this backend, which dies inside the sleep: the statement fails with
            // FATAL 57P01 and the connection drops with the transaction still open.
            try await execute(connection, "DO $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END $$")
        }
    }

    private func chunks<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: PostgresStateStore.chunkSize).map {
            items[$0..<min($0 + PostgresStateStore.chunkSize, items.count)]
        }
    }

    private func writeCounters(_ deltas: [CounterRowDelta], on connection: PostgresConnection) async throws {
        for chunk in chunks(deltas) {
            let indicators = chunk.map(\.key.indicator)
            let areas = chunk.map(\.key.area)
            let periods = chunk.map(\.key.period)
            let numerators = chunk.map(\.numerator)
            let denominators = chunk.map(\.denominator)
            let units = chunk.map(\.units)
            try await execute(connection, """
                INSERT INTO counters AS c (indicator, area, period, numerator, denominator, units)
                SELECT * FROM UNNEST(\(indicators)::text[], \(areas)::text[], \(periods)::text[], \(numerators)::bigint[], \(denominators)::bigint[], \(units)::bigint[])
                ON CONFLICT (indicator, area, period) DO UPDATE SET
                    numerator = c.numerator + EXCLUDED.numerator,
                    denominator = c.denominator + EXCLUDED.denominator,
                    units = c.units + EXCLUDED.units
                """)
        }
    }

    /// Two statements per chunk: an `UPDATE` of existing rows whose revision is the expected one
    /// (or any, for unconditional writes), then an `INSERT ... ON CONFLICT DO NOTHING` of the rows
    /// expected absent (or unconditional). Every row must be written by one of them; otherwise
    /// another writer changed a unit in between and the whole batch is refused as a conflict.
    private func writeUnits(_ writes: [UnitStateWrite], on connection: PostgresConnection) async throws {
        var written = 0
        for chunk in chunks(writes) {
            let kinds = chunk.map(\.state.key.kind)
            let keys = chunk.map(\.state.key.unitKey)
            let revisions = chunk.map(\.state.revision)
            let eventIds = chunk.map(\.state.lastEventId)
            let payloads = chunk.map { ByteBuffer(bytes: $0.state.payload) }
            let expected = chunk.map { $0.expectedRevision ?? -1 }
            let updated = try await count(connection.query("""
                WITH changed AS (
                    UPDATE unit_states u SET revision = t.revision, last_event_id = t.last_event_id, payload = t.payload
                    FROM UNNEST(\(kinds)::text[], \(keys)::text[], \(revisions)::bigint[], \(eventIds)::text[], \(payloads)::bytea[], \(expected)::bigint[])
                        AS t(kind, unit_key, revision, last_event_id, payload, expected)
                    WHERE u.kind = t.kind AND u.unit_key = t.unit_key AND (t.expected = -1 OR u.revision = t.expected)
                    RETURNING 1
                )
                SELECT count(*) FROM changed
                """, logger: logger))
            let inserted = try await count(connection.query("""
                WITH added AS (
                    INSERT INTO unit_states (kind, unit_key, revision, last_event_id, payload)
                    SELECT t.kind, t.unit_key, t.revision, t.last_event_id, t.payload
                    FROM UNNEST(\(kinds)::text[], \(keys)::text[], \(revisions)::bigint[], \(eventIds)::text[], \(payloads)::bytea[], \(expected)::bigint[])
                        AS t(kind, unit_key, revision, last_event_id, payload, expected)
                    WHERE t.expected IN (-1, 0)
                    ON CONFLICT (kind, unit_key) DO NOTHING
                    RETURNING 1
                )
                SELECT count(*) FROM added
                """, logger: logger))
            written += updated + inserted
        }
        if written < writes.count {
            throw StoreError.conflict("\(writes.count - written) unit state(s) changed since they were read")
        }
    }

    /// Runs a statement and reads its whole result, so that its errors surface here and the
    /// connection is idle again before the next statement.
    private func execute(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger).drain()
    }

    private func count(_ rows: PostgresRowSequence) async throws -> Int {
        var total = 0
        for try await value in rows.decode(Int64.self) { total += Int(value) }
        return total
    }

    private func writeOffsets(_ offsets: [ConsumerOffset], on connection: PostgresConnection) async throws {
        for chunk in chunks(offsets) {
            let groups = chunk.map(\.group)
            let topics = chunk.map(\.partition.topic)
            let partitions = chunk.map(\.partition.partition)
            let next = chunk.map(\.nextOffset)
            try await execute(connection, """
                INSERT INTO consumer_offsets AS o (group_id, topic, partition, next_offset)
                SELECT * FROM UNNEST(\(groups)::text[], \(topics)::text[], \(partitions)::int[], \(next)::bigint[])
                ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
                """)
        }
    }

    private func writeAlerts(_ alerts: [AlertStateRecord], on connection: PostgresConnection) async throws {
        for chunk in chunks(alerts) {
            let ids = chunk.map(\.alertId)
            let statuses = chunk.map(\.status)
            let severities = chunk.map { $0.severity ?? "" }
            let hasSeverity = chunk.map { $0.severity != nil }
            let sequences = chunk.map(\.sequence)
            let since = chunk.map(\.since)
            let messages = chunk.map { ByteBuffer(bytes: $0.lastMessage ?? Data()) }
            let hasMessage = chunk.map { $0.lastMessage != nil }
            try await execute(connection, """
                INSERT INTO alert_states AS a (alert_id, status, severity, sequence, since, last_message)
                SELECT t.alert_id, t.status, CASE WHEN t.has_severity THEN t.severity END, t.sequence, t.since,
                       CASE WHEN t.has_message THEN t.message END
                FROM UNNEST(\(ids)::text[], \(statuses)::text[], \(severities)::text[], \(hasSeverity)::bool[],
                            \(sequences)::bigint[], \(since)::text[], \(messages)::bytea[], \(hasMessage)::bool[])
                    AS t(alert_id, status, severity, has_severity, sequence, since, message, has_message)
                ON CONFLICT (alert_id) DO UPDATE SET
                    status = EXCLUDED.status, severity = EXCLUDED.severity, sequence = EXCLUDED.sequence,
                    since = EXCLUDED.since, last_message = EXCLUDED.last_message
                """)
        }
    }

    private func writeOutbox(_ messages: [OutboxMessage], on connection: PostgresConnection) async throws {
        for chunk in chunks(messages) {
            let ids = chunk.map(\.alertId)
            let sequences = chunk.map(\.sequence)
            let keys = chunk.map(\.key)
            let payloads = chunk.map { ByteBuffer(bytes: $0.payload) }
            try await execute(connection, """
                INSERT INTO alert_outbox (alert_id, sequence, message_key, payload)
                SELECT * FROM UNNEST(\(ids)::text[], \(sequences)::bigint[], \(keys)::text[], \(payloads)::bytea[])
                """)
        }
    }
}
