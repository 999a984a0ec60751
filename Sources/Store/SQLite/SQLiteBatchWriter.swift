import Foundation
import GRDB

/// Writes one normalized batch inside an open SQLite transaction, with prepared statements
/// reused for every row (in-process calls, no round trips to save).
struct SQLiteBatchWriter {
    let db: Database
    let hook: FaultInjection?

    func write(_ batch: NormalizedBatch) throws {
        try writeCounters(batch.counters)
        try hook?(.counters)
        try writeUnits(batch.units)
        try hook?(.units)
        try writeOffsets(batch.offsets)
        try hook?(.offsets)
        try writeAlerts(batch.alerts)
        try hook?(.alerts)
        try writeOutbox(batch.outbox)
        try hook?(.outbox)
    }

    private func writeCounters(_ deltas: [CounterRowDelta]) throws {
        guard !deltas.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO counters (indicator, area, period, numerator, denominator, units) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (indicator, area, period) DO UPDATE SET
                numerator = counters.numerator + excluded.numerator,
                denominator = counters.denominator + excluded.denominator,
                units = counters.units + excluded.units
            """)
        for delta in deltas {
            try statement.execute(arguments: [delta.key.indicator, delta.key.area, delta.key.period, delta.numerator, delta.denominator, delta.units])
        }
    }

    private func writeUnits(_ writes: [UnitStateWrite]) throws {
        guard !writes.isEmpty else { return }
        let unconditional = try db.cachedStatement(sql: """
            INSERT INTO unit_states (kind, unit_key, revision, last_event_id, payload) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (kind, unit_key) DO UPDATE SET
                revision = excluded.revision, last_event_id = excluded.last_event_id, payload = excluded.payload
            """)
        let checked = try db.cachedStatement(sql: """
            INSERT INTO unit_states (kind, unit_key, revision, last_event_id, payload) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (kind, unit_key) DO UPDATE SET
                revision = excluded.revision, last_event_id = excluded.last_event_id, payload = excluded.payload
            WHERE unit_states.revision = ?
            """)
        var conflicts = 0
        for write in writes {
            let state = write.state
            if let expected = write.expectedRevision {
                try checked.execute(arguments: [state.key.kind, state.key.unitKey, state.revision, state.lastEventId, state.payload, expected])
                if db.changesCount == 0 { conflicts += 1 }
            } else {
                try unconditional.execute(arguments: [state.key.kind, state.key.unitKey, state.revision, state.lastEventId, state.payload])
            }
        }
        if conflicts > 0 {
            throw StoreError.conflict("\(conflicts) unit state(s) changed since they were read")
        }
    }

    private func writeOffsets(_ offsets: [ConsumerOffset]) throws {
        guard !offsets.isEmpty else { return }
        let now = Date().millisecondsSince1970
        let statement = try db.cachedStatement(sql: """
            INSERT INTO consumer_offsets (group_id, topic, partition, next_offset, updated_at_ms) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (group_id, topic, partition) DO UPDATE SET
                next_offset = excluded.next_offset, updated_at_ms = excluded.updated_at_ms
            """)
        for offset in offsets {
            try statement.execute(arguments: [offset.group, offset.partition.topic, offset.partition.partition, offset.nextOffset, now])
        }
    }

    private func writeAlerts(_ alerts: [AlertStateRecord]) throws {
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

    private func writeOutbox(_ messages: [OutboxMessage]) throws {
        guard !messages.isEmpty else { return }
        let now = Date().millisecondsSince1970
        let statement = try db.cachedStatement(sql: """
            INSERT INTO alert_outbox (alert_id, sequence, message_key, payload, created_at_ms) VALUES (?, ?, ?, ?, ?)
            """)
        for message in messages {
            try statement.execute(arguments: [message.alertId, message.sequence, message.key, message.payload, now])
        }
    }
}
