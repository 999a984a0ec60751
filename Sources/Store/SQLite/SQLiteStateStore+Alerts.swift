import Foundation
import GRDB

/// Alert states and the outbox on SQLite.
extension SQLiteStateStore {
    public func commitAlerts(_ commit: AlertCommit) async throws {
        let normalized = NormalizedAlerts(commit)
        let hook = faultInjection
        try await write { db in
            try Self.checkLease(normalized.lease, in: db)
            try Self.writeAlertStates(normalized.states, db: db)
            try hook?(.alerts)
            try Self.writeOutbox(normalized.outbox, db: db)
            try hook?(.outbox)
            try Self.removeChanges(normalized.consumedChanges, db: db)
        }
    }

    private static func writeAlertStates(_ alerts: [AlertStateRecord], db: Database) throws {
        guard !alerts.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO alert_states (alert_id, status, severity, sequence, since, last_message) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO UPDATE SET
                status = excluded.status, severity = excluded.severity, sequence = excluded.sequence,
                since = excluded.since, last_message = excluded.last_message
            """)
        for alert in alerts {
            try statement.execute(arguments: [alert.alertId, alert.status, alert.severity, alert.sequence, alert.since, alert.lastMessage])
        }
    }

    private static func writeOutbox(_ messages: [OutboxMessage], db: Database) throws {
        guard !messages.isEmpty else { return }
        let now = Date().millisecondsSince1970
        let statement = try db.cachedStatement(sql: """
            INSERT INTO alert_outbox (alert_id, sequence, message_key, payload, created_at_ms) VALUES (?, ?, ?, ?, ?)
            """)
        for message in messages {
            try statement.execute(arguments: [message.alertId, message.sequence, message.key, message.payload, now])
        }
    }

    private static func removeChanges(_ ids: [Int64], db: Database) throws {
        guard !ids.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "DELETE FROM leaf_changes WHERE id = ?")
        for id in ids { try statement.execute(arguments: [id]) }
    }

    public func pendingChanges(kind: String, limit: Int) async throws -> [LeafChangeSet] {
        guard limit > 0 else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, map, pairs FROM leaf_changes WHERE kind = ? ORDER BY id LIMIT ?",
                             arguments: [kind, limit]).map { row in
                LeafChangeSet(id: row[0], keys: try LeafChangeCodec.decode(row[2], kind: kind, map: row[1]))
            }
        }
    }

    public func pendingOutbox(limit: Int, indicators: Set<String>?) async throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        let filter = indicators.map { JSONArrayWriter.strings($0) }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, alert_id, sequence, message_key, payload, created_at_ms
                FROM alert_outbox
                WHERE ?1 IS NULL
                   OR (CASE instr(alert_id, '|') WHEN 0 THEN alert_id ELSE substr(alert_id, 1, instr(alert_id, '|') - 1) END)
                      IN (SELECT value FROM json_each(?1))
                ORDER BY id LIMIT ?2
                """, arguments: [filter, limit]).map { row in
                OutboxEntry(
                    id: row[0],
                    message: OutboxMessage(alertId: row[1], sequence: row[2], key: row[3], payload: row[4]),
                    createdAt: Date(millisecondsSince1970: row[5])
                )
            }
        }
    }

    public func markOutboxDelivered(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM alert_outbox WHERE id = ?")
            for id in ids { try statement.execute(arguments: [id]) }
        }
    }

    public func alertStates(ids: [String], messages: Bool) async throws -> [String: AlertStateRecord] {
        guard !ids.isEmpty else { return [:] }
        // The ids travel as one JSON array that `json_each` expands inside SQLite: one statement however many
        // rows an evaluation round touched (a repeated id gives the same row twice).
        var writer = JSONArrayWriter(capacity: ids.count * 40)
        for id in ids { writer.appendString(id) }
        let list = writer.text()
        let message = messages ? "s.last_message" : "NULL"
        return try await read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT s.alert_id, s.status, s.severity, s.sequence, s.since, \(message)
                FROM json_each(?) AS j CROSS JOIN alert_states AS s ON s.alert_id = j.value
                """)
            var result: [String: AlertStateRecord] = [:]
            let rows = try Row.fetchCursor(statement, arguments: [list])
            while let row = try rows.next() {
                let state = Self.alertState(row)
                result[state.alertId] = state
            }
            return result
        }
    }

    public func allAlertStates(onlyFiring: Bool, messages: Bool) async throws -> [AlertStateRecord] {
        try await read { db in
            let condition = onlyFiring ? "WHERE status = 'firing'" : ""
            let message = messages ? "last_message" : "NULL"
            return try Row.fetchAll(db, sql: """
                SELECT alert_id, status, severity, sequence, since, \(message) FROM alert_states \(condition) ORDER BY alert_id
                """).map(Self.alertState)
        }
    }

    private static func alertState(_ row: Row) -> AlertStateRecord {
        AlertStateRecord(alertId: row[0], status: row[1], severity: row[2], sequence: row[3], since: row[4], lastMessage: row[5])
    }
}
