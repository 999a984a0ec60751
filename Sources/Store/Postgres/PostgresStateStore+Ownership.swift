import Foundation
import PostgresNIO

/// Partition claims, evaluator leases, alert states and the outbox on PostgreSQL.
extension PostgresStateStore {
    public func claimPartitions(group: String, partitions: [TopicPartition]) async throws -> [PartitionClaim] {
        guard !partitions.isEmpty else { return [] }
        let sorted = Array(Set(partitions)).sorted()
        let topics = sorted.map(\.topic)
        let numbers = sorted.map(\.partition)
        let logger = logger
        return try await transaction { connection in
            // Rows in key order, so that two claimers of overlapping partitions lock them in one order.
            let rows = try await connection.query("""
                INSERT INTO partition_owners AS o (group_id, topic, partition, epoch, next_offset)
                SELECT \(group), t.topic, t.partition, 1, NULL
                FROM UNNEST(\(topics)::text[], \(numbers)::int[]) WITH ORDINALITY AS t(topic, partition, position)
                ORDER BY t.position
                ON CONFLICT (group_id, topic, partition) DO UPDATE SET epoch = o.epoch + 1, updated_at = now()
                RETURNING o.topic, o.partition, o.epoch, o.next_offset
                """, logger: logger)
            var claims: [PartitionClaim] = []
            for try await (topic, partition, epoch, next) in rows.decode((String, Int32, Int64, Int64?).self) {
                claims.append(PartitionClaim(partition: TopicPartition(topic: topic, partition: partition), epoch: epoch, nextOffset: next))
            }
            return claims.sorted { $0.partition < $1.partition }
        }
    }

    public func acquireLease(scope: String, holder: String, duration: Duration, takingOver: Bool) async throws -> EvaluatorLease? {
        let milliseconds = Int64(duration / .milliseconds(1))
        let logger = logger
        return try await transaction { connection in
            let rows = try await connection.query("""
                INSERT INTO evaluator_leases AS l (scope, holder, epoch, expires_at)
                VALUES (\(scope), \(holder), 1, now() + \(milliseconds) * interval '1 millisecond')
                ON CONFLICT (scope) DO UPDATE SET
                    epoch = CASE WHEN l.holder = EXCLUDED.holder THEN l.epoch ELSE l.epoch + 1 END,
                    holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                WHERE l.holder = EXCLUDED.holder OR l.expires_at < now() OR \(takingOver)
                RETURNING l.epoch, l.expires_at
                """, logger: logger)
            var lease: EvaluatorLease?
            for try await (epoch, expires) in rows.decode((Int64, Date).self) {
                lease = EvaluatorLease(scope: scope, holder: holder, epoch: epoch, expiresAt: expires)
            }
            return lease
        }
    }

    public func commitAlerts(_ commit: AlertCommit) async throws {
        let normalized = NormalizedAlerts(commit)
        let writer = PostgresAlertWriter(logger: logger, hook: faultInjection)
        try await transaction { connection in
            try await writer.write(normalized, on: connection)
        }
    }

    public func pendingChanges(kind: String, limit: Int) async throws -> [LeafChangeSet] {
        try closedFlag.checkOpen()
        guard limit > 0 else { return [] }
        return try await PostgresErrors.mapping {
            let rows = try await client.query("""
                SELECT id, map, pairs FROM leaf_changes WHERE kind = \(kind) ORDER BY id LIMIT \(limit)
                """, logger: logger)
            var result: [LeafChangeSet] = []
            for try await (id, map, pairs) in rows.decode((Int64, String, Data).self) {
                result.append(LeafChangeSet(id: id, keys: try LeafChangeCodec.decode(pairs, kind: kind, map: map)))
            }
            return result
        }
    }

    public func pendingOutbox(limit: Int, indicators: Set<String>?) async throws -> [OutboxEntry] {
        try closedFlag.checkOpen()
        guard limit > 0 else { return [] }
        let all = indicators == nil
        let filter = indicators.map { $0.sorted() } ?? []
        return try await PostgresErrors.mapping {
            let rows = try await client.query("""
                SELECT id, alert_id, sequence, message_key, payload, created_at FROM alert_outbox
                WHERE \(all) OR split_part(alert_id, '|', 1) = ANY(\(filter)::text[])
                ORDER BY id LIMIT \(limit)
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

    public func alertStates(ids: [String], messages: Bool) async throws -> [String: AlertStateRecord] {
        try closedFlag.checkOpen()
        guard !ids.isEmpty else { return [:] }
        return try await PostgresErrors.mapping {
            let rows = try await client.query(messages ? """
                SELECT alert_id, status, severity, sequence, since, last_message FROM alert_states
                WHERE alert_id = ANY(\(ids)::text[])
                """ : """
                SELECT alert_id, status, severity, sequence, since, NULL::bytea FROM alert_states
                WHERE alert_id = ANY(\(ids)::text[])
                """, logger: logger)
            var result: [String: AlertStateRecord] = [:]
            for try await state in rows.decode((String, String, String?, Int64, String, Data?).self) {
                result[state.0] = AlertStateRecord(alertId: state.0, status: state.1, severity: state.2, sequence: state.3, since: state.4, lastMessage: state.5)
            }
            return result
        }
    }

    public func allAlertStates(onlyFiring: Bool, messages: Bool) async throws -> [AlertStateRecord] {
        try closedFlag.checkOpen()
        return try await PostgresErrors.mapping {
            let message = messages ? "last_message" : "NULL::bytea"
            let condition = onlyFiring ? "WHERE status = 'firing'" : ""
            let query = PostgresQuery(unsafeSQL:
                "SELECT alert_id, status, severity, sequence, since, \(message) FROM alert_states \(condition) ORDER BY alert_id")
            let rows = try await client.query(query, logger: logger)
            var result: [AlertStateRecord] = []
            for try await state in rows.decode((String, String, String?, Int64, String, Data?).self) {
                result.append(AlertStateRecord(alertId: state.0, status: state.1, severity: state.2, sequence: state.3, since: state.4, lastMessage: state.5))
            }
            return result
        }
    }
}
