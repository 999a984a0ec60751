import Logging
import PostgresNIO

/// Reads leaf counter rows for a filter in two steps: the matching series ids (a small table with a
/// unique index on kind, map and area), then the counters by primary key `(period, series_id)`,
/// with `= ANY` lists on both columns so that the index serves each pair directly.
struct PostgresLeafReader {
    let client: PostgresClient
    let logger: Logger

    func rows(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        let series = try await matchingSeries(filter)
        guard !series.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(series.keys.map { Int32(truncatingIfNeeded: $0) }.sorted())
        var conditions = ["c.series_id = ANY($1::int[])"]
        if let periods = filter.periods {
            binds.append(periods.sorted())
            conditions.append("c.period = ANY($2::int[])")
        }
        let lanes = LeafCounterRow.columnNames.map { "c.\($0)" }.joined(separator: ", ")
        let query = PostgresQuery(unsafeSQL: """
            SELECT c.series_id, c.period, \(lanes) FROM leaf_counters c WHERE \(conditions.joined(separator: " AND "))
            """, binds: binds)
        var result: [LeafCounterRow] = []
        for try await row in try await client.query(query, logger: logger) {
            let columns = row.makeRandomAccess()
            guard let item = series[Int64(try columns[0].decode(Int32.self))] else { continue }
            let key = LeafCounterKey(kind: item.kind, map: item.map, area: item.area, period: try columns[1].decode(Int32.self))
            let values = try (0..<LeafCounterRow.laneCount).map { try columns[2 + $0].decode(Int64.self) }
            if let counter = LeafCounterRow(key: key, lanes: values) { result.append(counter) }
        }
        return result.sorted { $0.key < $1.key }
    }

    /// The series passing the filter's kind, map and area parts, by id.
    private func matchingSeries(_ filter: LeafCounterFilter) async throws -> [Int64: LeafSeries] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let kinds = filter.kinds {
            binds.append(kinds.sorted())
            conditions.append("kind = ANY($\(binds.count)::text[])")
        }
        if let map = filter.map {
            binds.append(map)
            conditions.append("map = $\(binds.count)")
        }
        if let areas = filter.areas {
            binds.append(areas.sorted())
            conditions.append("area = ANY($\(binds.count)::text[])")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: "SELECT id, kind, map, area FROM leaf_series \(whereClause)", binds: binds)
        var result: [Int64: LeafSeries] = [:]
        for try await (id, kind, map, area) in try await client.query(query, logger: logger).decode((Int32, String, String, String).self) {
            result[Int64(id)] = LeafSeries(kind: kind, map: map, area: area)
        }
        return result
    }
}
