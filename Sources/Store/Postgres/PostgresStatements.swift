import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The hot statements of the PostgreSQL store, as named prepared statements: each connection parses
/// and plans them once, then every call only binds arrays (expanded by `UNNEST` on the server).
enum PostgresStatements {
    /// Runs a statement that returns one count row and returns the count. (postgres-nio's command
    /// tag variant of `execute` is not used: it can trap when the tag arrives before the rows end.)
    static func count<Statement: PostgresPreparedStatement>(_ statement: Statement, on connection: PostgresConnection,
                                                            logger: Logger) async throws -> Int where Statement.Row == Int64 {
        var total = 0
        for try await value in try await connection.execute(statement, logger: logger) { total += Int(value) }
        return total
    }

    /// Stores the next offset of each partition whose owner epoch and stored offset are the window's.
    /// A `from_offset` of -1 stands for "nothing committed before" (offsets are never negative).
    struct AdvancePartitions: PostgresPreparedStatement {
        static let name = "popstream_advance_partitions_v2"
        static let sql = """
            WITH advanced AS (
                UPDATE partition_owners o SET next_offset = t.next_offset, updated_at = now()
                FROM UNNEST($1::text[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[])
                    AS t(group_id, topic, partition, epoch, from_offset, next_offset)
                WHERE o.group_id = t.group_id AND o.topic = t.topic AND o.partition = t.partition
                  AND o.epoch = t.epoch AND o.next_offset IS NOT DISTINCT FROM NULLIF(t.from_offset, -1)
                RETURNING 1
            )
            SELECT count(*) FROM advanced
            """
        typealias Row = Int64
        let commits: ArraySlice<PartitionCommit>

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 6)
            bindings.append(commits.map(\.group))
            bindings.append(commits.map(\.partition.topic))
            bindings.append(commits.map(\.partition.partition))
            bindings.append(commits.map(\.epoch))
            bindings.append(commits.map { $0.fromOffset ?? -1 })
            bindings.append(commits.map(\.nextOffset))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }

    /// Adds leaf counter deltas to their rows (series ids resolved beforehand), in key order.
    struct AddLeafCounters: PostgresPreparedStatement {
        static let name = "popstream_add_leaf_counters_v2"
        static let sql: String = {
            let lanes = LeafCounterRow.columnNames
            let arrays = lanes.enumerated().map { "$\($0.offset + 3)::bigint[]" }.joined(separator: ", ")
            return """
                INSERT INTO leaf_counters AS c (period, series_id, \(lanes.joined(separator: ", ")))
                SELECT * FROM UNNEST($1::int[], $2::int[], \(arrays))
                ON CONFLICT (series_id, period) DO UPDATE SET
                \(lanes.map { "\($0) = c.\($0) + EXCLUDED.\($0)" }.joined(separator: ", "))
                """
        }()
        typealias Row = ()
        let periods: [Int32]
        let seriesIds: [Int32]
        let lanes: [[Int64]]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2 + lanes.count)
            bindings.append(periods)
            bindings.append(seriesIds)
            for lane in lanes { bindings.append(lane) }
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {}
    }

    /// One revision-guarded upsert per unit: a stored unit is replaced only when its revision is the
    /// one the engine read (`base_revision`; -1 writes unconditionally). Returns the rows written;
    /// fewer than sent means another writer changed a unit in between.
    struct UpsertUnitStates: PostgresPreparedStatement {
        static let name = "popstream_upsert_unit_states_v2"
        static let sql = """
            WITH written AS (
                INSERT INTO unit_states AS u (kind, unit_key, revision, base_revision, payload)
                SELECT t.kind, t.unit_key, t.revision, NULLIF(t.base_revision, -1), t.payload
                FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])
                    AS t(kind, unit_key, revision, base_revision, payload)
                ON CONFLICT (kind, unit_key) DO UPDATE SET
                    revision = EXCLUDED.revision, base_revision = EXCLUDED.base_revision, payload = EXCLUDED.payload
                WHERE EXCLUDED.base_revision IS NULL OR u.revision = EXCLUDED.base_revision
                RETURNING 1
            )
            SELECT count(*) FROM written
            """
        typealias Row = Int64
        let writes: ArraySlice<UnitStateWrite>

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(writes.map(\.state.key.kind))
            bindings.append(writes.map(\.state.key.unitKey))
            bindings.append(writes.map(\.state.revision))
            bindings.append(writes.map { $0.expectedRevision ?? -1 })
            bindings.append(writes.map { ByteBuffer(bytes: $0.state.payload) })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }

    /// The stored states of a list of units of one kind, each with its key's position in the list.
    struct ReadUnitStates: PostgresPreparedStatement {
        static let name = "popstream_read_unit_states_v3"
        static let sql = """
            SELECT k.position, u.revision, u.payload
            FROM UNNEST($2::text[]) WITH ORDINALITY AS k(unit_key, position)
            JOIN unit_states u ON u.kind = $1 AND u.unit_key = k.unit_key
            """
        /// The key's position in the chunk (from 1), the stored revision and payload.
        typealias Row = (Int64, Int64, Data)
        let kind: String
        let unitKeys: ArraySlice<String>

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(kind)
            bindings.append(Array(unitKeys))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            try row.decode((Int64, Int64, Data).self)
        }
    }
}
