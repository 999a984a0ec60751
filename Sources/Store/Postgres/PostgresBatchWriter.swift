import Foundation
import Logging
import PostgresNIO

/// Writes one normalized commit window inside an open PostgreSQL transaction with named prepared,
/// multi-row statements: each part is sent as a few arrays and expanded by `UNNEST` on the server,
/// in chunks of ``PostgresStateStore/chunkSize`` rows. Rows arrive sorted by key, so concurrent
/// writers lock overlapping rows in the same order and cannot deadlock.
struct PostgresBatchWriter: Sendable {
    let logger: Logger
    let hook: FaultInjection?
    let terminateAfter: CommitStage?

    /// Writes the window; returns the series ids it created (to remember once committed).
    func write(_ batch: NormalizedBatch, knownSeries: [LeafSeries: Int64], on connection: PostgresConnection) async throws -> [LeafSeries: Int64] {
        try await writePartitions(batch.partitions, on: connection)
        try await after(.partitions, on: connection)
        let created = try await writeCounters(batch.counters, knownSeries: knownSeries, on: connection)
        try await writeChanges(batch.counters, on: connection)
        try await after(.counters, on: connection)
        try await writeUnits(batch.units, on: connection)
        try await after(.units, on: connection)
        return created
    }

    /// Test hooks: throw, or have the server kill this session mid-transaction (a real crash
    /// seen from the database: the connection drops with the transaction open).
    func after(_ stage: CommitStage, on connection: PostgresConnection) async throws {
        try hook?(stage)
        if terminateAfter == stage {
            // The server signals this backend, which dies inside the sleep: the statement fails with
            // FATAL 57P01 and the connection drops with the transaction still open.
            try await connection.query("DO $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END $$",
                                       logger: logger).drain()
        }
    }

    private func chunks<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: PostgresStateStore.chunkSize).map {
            items[$0..<min($0 + PostgresStateStore.chunkSize, items.count)]
        }
    }

    private func writePartitions(_ commits: [PartitionCommit], on connection: PostgresConnection) async throws {
        guard !commits.isEmpty else { return }
        var advanced = 0
        for chunk in chunks(commits) {
            advanced += try await PostgresStatements.count(PostgresStatements.AdvancePartitions(commits: chunk), on: connection, logger: logger)
        }
        guard advanced < commits.count else { return }
        // Name the first refused partition, with what the store holds for it.
        let rows = try await connection.query("""
            SELECT topic, partition, epoch, next_offset FROM partition_owners
            WHERE group_id = ANY(\(Array(Set(commits.map(\.group))))::text[])
            """, logger: logger)
        var stored: [TopicPartition: (Int64, Int64?)] = [:]
        for try await (topic, partition, epoch, next) in rows.decode((String, Int32, Int64, Int64?).self) {
            stored[TopicPartition(topic: topic, partition: partition)] = (epoch, next)
        }
        let refused = commits.first { commit in
            guard let (epoch, next) = stored[commit.partition] else { return true }
            return epoch != commit.epoch || next != commit.fromOffset
        } ?? commits[0]
        let found = stored[refused.partition]
        throw StoreError.fenced(PartitionFence.describe(refused, storedEpoch: found?.0, storedNext: found?.1))
    }

    private func writeCounters(_ deltas: [LeafCounterDelta], knownSeries: [LeafSeries: Int64], on connection: PostgresConnection) async throws -> [LeafSeries: Int64] {
        guard !deltas.isEmpty else { return [:] }
        var ids = knownSeries
        let missing = Array(Set(deltas.map(\.key.series)).filter { ids[$0] == nil }).sorted()
        var created: [LeafSeries: Int64] = [:]
        for chunk in chunks(missing) {
            let kinds = chunk.map(\.kind), maps = chunk.map(\.map), areas = chunk.map(\.area)
            try await connection.query("""
                INSERT INTO leaf_series (kind, map, area) SELECT * FROM UNNEST(\(kinds)::text[], \(maps)::text[], \(areas)::text[])
                ON CONFLICT (kind, map, area) DO NOTHING
                """, logger: logger).drain()
            let rows = try await connection.query("""
                SELECT s.id, s.kind, s.map, s.area FROM UNNEST(\(kinds)::text[], \(maps)::text[], \(areas)::text[]) AS t(kind, map, area)
                JOIN leaf_series s ON s.kind = t.kind AND s.map = t.map AND s.area = t.area
                """, logger: logger)
            for try await (id, kind, map, area) in rows.decode((Int32, String, String, String).self) {
                let series = LeafSeries(kind: kind, map: map, area: area)
                ids[series] = Int64(id)
                created[series] = Int64(id)
            }
        }
        if !missing.isEmpty {
            // New series are rare after the first windows; fresh statistics keep the planner on the
            // indexes when reports look series up (an empty-looking table invites nested scans).
            try await connection.query("ANALYZE leaf_series", logger: logger).drain()
        }
        for chunk in chunks(deltas) {
            var seriesIds: [Int32] = []
            seriesIds.reserveCapacity(chunk.count)
            for delta in chunk {
                guard let id = ids[delta.key.series] else {
                    throw StoreError.storageFailure("PostgreSQL: leaf series vanished while writing", retryable: true)
                }
                seriesIds.append(Int32(truncatingIfNeeded: id))
            }
            let lanes = (0..<LeafCounterRow.laneCount).map { lane in chunk.map { $0.lanes[lane] } }
            let statement = PostgresStatements.AddLeafCounters(periods: chunk.map(\.key.period), seriesIds: seriesIds, lanes: lanes)
            for try await _ in try await connection.execute(statement, logger: logger) {}
        }
        return created
    }

    /// Records the changed rows for alert evaluation, one set per (kind, map).
    private func writeChanges(_ deltas: [LeafCounterDelta], on connection: PostgresConnection) async throws {
        guard !deltas.isEmpty else { return }
        let sets = LeafChangeCodec.sets(of: deltas)
        let kinds = sets.map(\.kind), maps = sets.map(\.map), payloads = sets.map { ByteBuffer(bytes: $0.payload) }
        try await connection.query("""
            INSERT INTO leaf_changes (kind, map, pairs) SELECT * FROM UNNEST(\(kinds)::text[], \(maps)::text[], \(payloads)::bytea[])
            """, logger: logger).drain()
    }

    private func writeUnits(_ writes: [UnitStateWrite], on connection: PostgresConnection) async throws {
        var written = 0
        for chunk in chunks(writes) {
            written += try await PostgresStatements.count(PostgresStatements.UpsertUnitStates(writes: chunk), on: connection, logger: logger)
        }
        if written < writes.count {
            throw StoreError.conflict("\(writes.count - written) unit state(s) changed since they were read")
        }
    }
}
