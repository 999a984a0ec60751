import Logging
import PostgresNIO

/// Reads leaf counter rows for a filter: the matching series (a small table) joined to the counters,
/// whose primary key `(period, series_id)` serves a period list directly.
struct PostgresLeafReader {
    let client: PostgresClient
    let logger: Logger

    func rows(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let kinds = filter.kinds {
            binds.append(kinds.sorted())
            conditions.append("s.kind = ANY($\(binds.count)::text[])")
        }
        if let map = filter.map {
            binds.append(map)
            conditions.append("s.map = $\(binds.count)")
        }
        if let areas = filter.areas {
            binds.append(areas.sorted())
            conditions.append("s.area = ANY($\(binds.count)::text[])")
        }
        if let periods = filter.periods {
            binds.append(periods.sorted())
            conditions.append("c.period = ANY($\(binds.count)::int[])")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let lanes = LeafCounterRow.columnNames.map { "c.\($0)" }.joined(separator: ", ")
        let query = PostgresQuery(unsafeSQL: """
            SELECT s.kind, s.map, s.area, c.period, \(lanes)
            FROM leaf_counters c JOIN leaf_series s ON s.id = c.series_id \(whereClause)
            """, binds: binds)
        var result: [LeafCounterRow] = []
        for try await row in try await client.query(query, logger: logger) {
            let columns = row.makeRandomAccess()
            let key = LeafCounterKey(kind: try columns[0].decode(String.self), map: try columns[1].decode(String.self),
                                     area: try columns[2].decode(String.self), period: try columns[3].decode(Int32.self))
            let values = try (0..<LeafCounterRow.laneCount).map { try columns[4 + $0].decode(Int64.self) }
            if let counter = LeafCounterRow(key: key, lanes: values) { result.append(counter) }
        }
        return result.sorted { $0.key < $1.key }
    }
}
