import Foundation
import GRDB

/// Writes one normalized commit window inside an open SQLite transaction, with prepared statements
/// reused for every row (in-process calls, no round trips to save).
struct SQLiteBatchWriter {
    let db: Database
    let hook: FaultInjection?
    /// Series ids known before this transaction.
    let knownSeries: [LeafSeries: Int64]

    /// Writes the window; returns the series ids it created (to remember once committed).
    func write(_ batch: NormalizedBatch) throws -> [LeafSeries: Int64] {
        try writePartitions(batch.partitions)
        try hook?(.partitions)
        let created = try writeCounters(batch.counters)
        try writeChanges(batch.counters)
        try hook?(.counters)
        try writeUnits(batch.units)
        try hook?(.units)
        return created
    }

    /// Checks each partition's owner epoch and start offset, and stores its next offset.
    private func writePartitions(_ commits: [PartitionCommit]) throws {
        guard !commits.isEmpty else { return }
        let now = Date().millisecondsSince1970
        let statement = try db.cachedStatement(sql: """
            UPDATE partition_owners SET next_offset = ?, updated_at_ms = ?
            WHERE group_id = ? AND topic = ? AND partition = ? AND epoch = ? AND next_offset IS ?
            """)
        for commit in commits {
            try statement.execute(arguments: [commit.nextOffset, now, commit.group, commit.partition.topic,
                                              commit.partition.partition, commit.epoch, commit.fromOffset])
            if db.changesCount == 0 { throw try fenced(commit) }
        }
    }

    /// The error for a refused partition commit, saying what the store holds instead.
    private func fenced(_ commit: PartitionCommit) throws -> StoreError {
        let row = try Row.fetchOne(db, sql: """
            SELECT epoch, next_offset FROM partition_owners WHERE group_id = ? AND topic = ? AND partition = ?
            """, arguments: [commit.group, commit.partition.topic, commit.partition.partition])
        let stored: (epoch: Int64, next: Int64?)? = row.map { ($0[0], $0[1]) }
        return StoreError.fenced(PartitionFence.describe(commit, storedEpoch: stored?.epoch, storedNext: stored?.next))
    }

    /// Adds the leaf deltas with multi-row upserts of ``counterRowsPerStatement`` rows, each value bound as an
    /// integer (one JSON array expanded by `json_each` took twice as long: each column parsed its row again).
    private func writeCounters(_ deltas: [LeafCounterDelta]) throws -> [LeafSeries: Int64] {
        guard !deltas.isEmpty else { return [:] }
        var ids = knownSeries
        var created: [LeafSeries: Int64] = [:]
        let insertSeries = try db.cachedStatement(sql: """
            INSERT INTO leaf_series (kind, map, area) VALUES (?, ?, ?) ON CONFLICT (kind, map, area) DO NOTHING
            """)
        let findSeries = try db.cachedStatement(sql: "SELECT id FROM leaf_series WHERE kind = ? AND map = ? AND area = ?")
        _ = try upsertInChunks(deltas, perStatement: Self.counterRowsPerStatement, full: Self.fullCounterUpsert,
                               text: Self.counterUpsert) { delta, values in
            let series = delta.key.series
            let id: Int64
            if let known = ids[series] {
                id = known
            } else {
                try insertSeries.execute(arguments: [series.kind, series.map, series.area])
                guard let found = try Int64.fetchOne(findSeries, arguments: [series.kind, series.map, series.area]) else {
                    throw StoreError.storageFailure("SQLite: leaf series vanished while writing", retryable: true)
                }
                id = found
                ids[series] = found
                created[series] = found
            }
            values.append(Int64(delta.key.period))
            values.append(id)
            for lane in delta.lanes { values.append(lane) }   // always `laneCount` of them
        }
        return created
    }

    /// Runs one multi-row statement per `perStatement` items, `bind` appending each item's values (its row's
    /// columns, in order): the full statement's text is `full` (cached), a shorter last one's is `text(rows)`.
    /// Returns the rows the statements changed.
    private func upsertInChunks<Item>(_ items: [Item], perStatement: Int, full: String, text: (Int) -> String,
                                      bind: (Item, inout [(any DatabaseValueConvertible)?]) throws -> Void) throws -> Int {
        // Optional existentials: GRDB's initializer for them is the one that converts without key paths (its
        // generic one applies `\.databaseValue` to every value, which took a tenth of the write).
        var values: [(any DatabaseValueConvertible)?] = []
        var changed = 0
        for start in stride(from: 0, to: items.count, by: perStatement) {
            let chunk = items[start..<min(start + perStatement, items.count)]
            values.removeAll(keepingCapacity: true)
            for item in chunk { try bind(item, &values) }
            let statement = chunk.count == perStatement ? try db.cachedStatement(sql: full) : try db.makeStatement(sql: text(chunk.count))
            try statement.execute(arguments: StatementArguments(values))
            changed += db.changesCount
        }
        return changed
    }

    /// Leaf rows per upsert statement: 512 rows of 13 values, far below SQLite's limit of 32,766 variables.
    static let counterRowsPerStatement = 512

    /// The upsert of a full statement's rows (its text built once: the statement cache is looked up by it).
    static let fullCounterUpsert = counterUpsert(rows: counterRowsPerStatement)

    /// The upsert of `rows` leaf rows, each `(period, series_id, lanes...)`, adding the lanes to a stored row.
    static func counterUpsert(rows: Int) -> String {
        let columns = LeafCounterRow.columnNames
        let row = "(" + Array(repeating: "?", count: 2 + columns.count).joined(separator: ", ") + ")"
        return """
            INSERT INTO leaf_counters (period, series_id, \(columns.joined(separator: ", ")))
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            ON CONFLICT (period, series_id) DO UPDATE SET
            \(columns.map { "\($0) = leaf_counters.\($0) + excluded.\($0)" }.joined(separator: ", "))
            """
    }

    /// Records the changed rows for alert evaluation, one set per (kind, map).
    private func writeChanges(_ deltas: [LeafCounterDelta]) throws {
        guard !deltas.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT INTO leaf_changes (kind, map, pairs) VALUES (?, ?, ?)")
        for set in LeafChangeCodec.sets(of: deltas) {
            try insert.execute(arguments: [set.kind, set.map, set.payload])
        }
    }

    /// Writes the unit states with multi-row upserts of ``unitRowsPerStatement`` rows. Each row carries the
    /// revision the engine read (`base_revision`, NULL to write unconditionally): a stored unit is replaced only
    /// when its revision is that one, and a statement that writes fewer rows than it sends met a conflict.
    /// (One row per statement cost as much in GRDB's binding and bookkeeping as in SQLite's own work.)
    private func writeUnits(_ writes: [UnitStateWrite]) throws {
        guard !writes.isEmpty else { return }
        let written = try upsertInChunks(writes, perStatement: Self.unitRowsPerStatement, full: Self.fullUnitUpsert,
                                         text: Self.unitUpsert) { write, values in
            values.append(write.state.key.kind)
            values.append(write.state.key.unitKey)
            values.append(write.state.revision)
            values.append(write.expectedRevision)
            values.append(write.state.payload)
        }
        if written < writes.count {
            throw StoreError.conflict("\(writes.count - written) unit state(s) changed since they were read")
        }
    }

    /// Unit rows per upsert statement (16, 64 and 256 measured alike in `bench worker`).
    static let unitRowsPerStatement = 64

    /// The upsert of a full statement's unit rows (its text built once).
    static let fullUnitUpsert = unitUpsert(rows: unitRowsPerStatement)

    /// The revision-checked upsert of `rows` unit rows, each `(kind, unit_key, revision, base_revision, payload)`.
    static func unitUpsert(rows: Int) -> String {
        """
        INSERT INTO unit_states (kind, unit_key, revision, base_revision, payload)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        ON CONFLICT (kind, unit_key) DO UPDATE SET
        revision = excluded.revision, base_revision = excluded.base_revision, payload = excluded.payload
        WHERE excluded.base_revision IS NULL OR unit_states.revision = excluded.base_revision
        """
    }
}
