import Foundation
import Logging
import PostgresNIO

/// Writes one alert commit inside an open transaction: the lease checked (its row locked, so a
/// takeover waits for this commit), alert states upserted, outbox messages appended.
struct PostgresAlertWriter: Sendable {
    let logger: Logger
    let hook: FaultInjection?

    func write(_ commit: NormalizedAlerts, on connection: PostgresConnection) async throws {
        let lease = commit.lease
        let rows = try await connection.query("""
            SELECT holder, epoch FROM evaluator_leases WHERE scope = \(lease.scope) FOR UPDATE
            """, logger: logger)
        var stored: (holder: String, epoch: Int64)?
        for try await (holder, epoch) in rows.decode((String, Int64).self) { stored = (holder, epoch) }
        if let message = LeaseFence.violation(lease, storedHolder: stored?.holder, storedEpoch: stored?.epoch) {
            throw StoreError.fenced(message)
        }
        try await writeStates(commit.states, on: connection)
        try hook?(.alerts)
        try await writeOutbox(commit.outbox, on: connection)
        try hook?(.outbox)
        if !commit.consumedChanges.isEmpty {
            try await connection.query("DELETE FROM leaf_changes WHERE id = ANY(\(commit.consumedChanges)::bigint[])", logger: logger).drain()
        }
    }

    private func writeStates(_ alerts: [AlertStateRecord], on connection: PostgresConnection) async throws {
        guard !alerts.isEmpty else { return }
        let ids = alerts.map(\.alertId)
        let statuses = alerts.map(\.status)
        let severities = alerts.map { $0.severity ?? "" }
        let hasSeverity = alerts.map { $0.severity != nil }
        let sequences = alerts.map(\.sequence)
        let since = alerts.map(\.since)
        let messages = alerts.map { ByteBuffer(bytes: $0.lastMessage ?? Data()) }
        let hasMessage = alerts.map { $0.lastMessage != nil }
        try await connection.query("""
            INSERT INTO alert_states AS a (alert_id, status, severity, sequence, since, last_message)
            SELECT t.alert_id, t.status, CASE WHEN t.has_severity THEN t.severity END, t.sequence, t.since,
                   CASE WHEN t.has_message THEN t.message END
            FROM UNNEST(\(ids)::text[], \(statuses)::text[], \(severities)::text[], \(hasSeverity)::bool[],
                        \(sequences)::bigint[], \(since)::text[], \(messages)::bytea[], \(hasMessage)::bool[])
                AS t(alert_id, status, severity, has_severity, sequence, since, message, has_message)
            ON CONFLICT (alert_id) DO UPDATE SET
                status = EXCLUDED.status, severity = EXCLUDED.severity, sequence = EXCLUDED.sequence,
                since = EXCLUDED.since, last_message = EXCLUDED.last_message
            """, logger: logger).drain()
    }

    private func writeOutbox(_ messages: [OutboxMessage], on connection: PostgresConnection) async throws {
        guard !messages.isEmpty else { return }
        let ids = messages.map(\.alertId)
        let sequences = messages.map(\.sequence)
        let keys = messages.map(\.key)
        let payloads = messages.map { ByteBuffer(bytes: $0.payload) }
        try await connection.query("""
            INSERT INTO alert_outbox (alert_id, sequence, message_key, payload)
            SELECT * FROM UNNEST(\(ids)::text[], \(sequences)::bigint[], \(keys)::text[], \(payloads)::bytea[])
            """, logger: logger).drain()
    }
}
