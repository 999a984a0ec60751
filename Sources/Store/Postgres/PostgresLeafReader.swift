import Logging
import PostgresNIO

/// Reads leaf counter rows for a filter in two steps: the matching series ids (a small table with an
/// index on area and map), then the counters by primary key `(series_id, period)`, one look-up per
/// (series, period) pair.
struct PostgresLeafReader {
    let client: PostgresClient
    let logger: Logger

    func rows(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        let series = try await matchingSeries(filter)
        guard !series.isEmpty else { return [] }
        var binds = PostgresBindings()
        let ids = series.keys.map { Int32(truncatingIfNeeded: $0) }.sorted()
        let from: String
        if let periods = filter.periods {
            // Every (series, period) pair as the outer side of a join on the primary key: one unique
            // index look-up each, whatever the planner's statistics say (`= ANY` lists on both columns
            // let it choose a sequential scan of the whole table).
            let sortedPeriods = periods.sorted()
            binds.append(ids.flatMap { id in sortedPeriods.map { _ in id } })
            binds.append(ids.flatMap { _ in sortedPeriods })
            from = "UNNEST($1::int[], $2::int[]) AS k(series_id, period) JOIN leaf_counters c ON c.series_id = k.series_id AND c.period = k.period"
        } else {
            binds.append(ids)
            from = "leaf_counters c WHERE c.series_id = ANY($1::int[])"
        }
        // The lanes travel as one array per row: three cells to decode instead of thirteen.
        let lanes = LeafCounterRow.columnNames.map { "c.\($0)" }.joined(separator: ", ")
        let query = PostgresQuery(unsafeSQL: """
            SELECT c.series_id, c.period, ARRAY[\(lanes)]::bigint[] FROM \(from)
            """, binds: binds)
        var result: [LeafCounterRow] = []
        for try await (seriesId, period, values) in try await client.query(query, logger: logger).decode((Int32, Int32, [Int64]).self) {
            guard let item = series[Int64(seriesId)] else { continue }
            let key = LeafCounterKey(kind: item.kind, map: item.map, area: item.area, period: period)
            if let counter = LeafCounterRow(key: key, lanes: values) { result.append(counter) }
        }
        return result.sorted { $0.key < $1.key }
    }

    /// The series passing the filter's kind, map and area parts, by id. An area list is the outer side
    /// of a join on the index `(area, map)`, so that each area is one index look-up whatever the
    /// planner's statistics say (`area = ANY(list)` compared every row with every element).
    private func matchingSeries(_ filter: LeafCounterFilter) async throws -> [Int64: LeafSeries] {
        var from = "leaf_series s"
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let areas = filter.areas {
            binds.append(areas.sorted())
            from = "UNNEST($\(binds.count)::text[]) AS t(area) JOIN leaf_series s ON s.area = (t.area COLLATE \"C\")"
        }
        if let map = filter.map {
            binds.append(map)
            conditions.append("s.map = $\(binds.count)")
        }
        if let kinds = filter.kinds {
            binds.append(kinds.sorted())
            conditions.append("s.kind = ANY($\(binds.count)::text[])")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: "SELECT s.id, s.kind, s.map, s.area FROM \(from) \(whereClause)", binds: binds)
        var result: [Int64: LeafSeries] = [:]
        for try await (id, kind, map, area) in try await client.query(query, logger: logger).decode((Int32, String, String, String).self) {
            result[Int64(id)] = LeafSeries(kind: kind, map: map, area: area)
        }
        return result
    }
}
