import Foundation
import GRDB

/// Partition claims and evaluator leases on SQLite.
extension SQLiteStateStore {
    public func claimPartitions(group: String, partitions: [TopicPartition]) async throws -> [PartitionClaim] {
        guard !partitions.isEmpty else { return [] }
        let sorted = Array(Set(partitions)).sorted()
        return try await write { db in
            let now = Date().millisecondsSince1970
            let statement = try db.cachedStatement(sql: """
                INSERT INTO partition_owners (group_id, topic, partition, epoch, next_offset, updated_at_ms)
                VALUES (?, ?, ?, 1, NULL, ?)
                ON CONFLICT (group_id, topic, partition) DO UPDATE SET
                    epoch = partition_owners.epoch + 1, updated_at_ms = excluded.updated_at_ms
                RETURNING epoch, next_offset
                """)
            return try sorted.map { partition in
                guard let row = try Row.fetchOne(statement, arguments: [group, partition.topic, partition.partition, now]) else {
                    throw StoreError.storageFailure("SQLite: claiming a partition returned nothing", retryable: true)
                }
                return PartitionClaim(partition: partition, epoch: row[0], nextOffset: row[1])
            }
        }
    }

    public func acquireLease(scope: String, holder: String, duration: Duration, takingOver: Bool) async throws -> EvaluatorLease? {
        try await write { db in
            let now = Date().millisecondsSince1970
            let expires = now + Int64(duration / .milliseconds(1))
            let row = try Row.fetchOne(db, sql: """
                INSERT INTO evaluator_leases (scope, holder, epoch, expires_at_ms) VALUES (?, ?, 1, ?)
                ON CONFLICT (scope) DO UPDATE SET
                    epoch = CASE WHEN evaluator_leases.holder = excluded.holder THEN evaluator_leases.epoch
                                 ELSE evaluator_leases.epoch + 1 END,
                    holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
                WHERE evaluator_leases.holder = excluded.holder OR evaluator_leases.expires_at_ms < ? OR ?
                RETURNING epoch, expires_at_ms
                """, arguments: [scope, holder, expires, now, takingOver])
            return row.map { EvaluatorLease(scope: scope, holder: holder, epoch: $0[0], expiresAt: Date(millisecondsSince1970: $0[1])) }
        }
    }

    /// Checks that `lease` is still the stored one.
    static func checkLease(_ lease: EvaluatorLease, in db: Database) throws {
        let row = try Row.fetchOne(db, sql: "SELECT holder, epoch FROM evaluator_leases WHERE scope = ?", arguments: [lease.scope])
        let stored: (holder: String, epoch: Int64)? = row.map { ($0[0], $0[1]) }
        if let message = LeaseFence.violation(lease, storedHolder: stored?.holder, storedEpoch: stored?.epoch) {
            throw StoreError.fenced(message)
        }
    }
}
