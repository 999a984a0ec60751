import GRDB

/// Reads leaf counter rows for a filter inside a read transaction.
///
/// The series table is small (one row per kind, map and lowest-level area), so the matching series
/// are found first; with a period list the rows are then found by primary key `(period, series_id)`
/// (both lists bound as JSON arrays, one statement), otherwise one scan of the counters.
struct SQLiteLeafReader {
    let db: Database

    /// Above this many (period, series) pairs one scan is cheaper than point look-ups.
    static let maxPointLookups = 200_000

    func rows(matching filter: LeafCounterFilter) throws -> [LeafCounterRow] {
        let series = try matchingSeries(filter)
        guard !series.isEmpty else { return [] }
        let lanes = LeafCounterRow.columnNames.joined(separator: ", ")
        var rows: [LeafCounterRow] = []
        if let periods = filter.periods, periods.count * series.count <= Self.maxPointLookups {
            // Both key columns as JSON lists: SQLite seeks each (period, series_id) pair itself.
            var periodList = JSONArrayWriter(capacity: periods.count * 8)
            periodList.appendRow(periods.sorted().map(Int64.init))
            var seriesList = JSONArrayWriter(capacity: series.count * 8)
            seriesList.appendRow(series.keys.sorted())
            let statement = try db.cachedStatement(sql: """
                SELECT period, series_id, \(lanes) FROM leaf_counters
                WHERE period IN (SELECT value FROM json_each(?, '$[0]')) AND series_id IN (SELECT value FROM json_each(?, '$[0]'))
                """)
            let cursor = try Row.fetchCursor(statement, arguments: [periodList.text(), seriesList.text()])
            while let row = try cursor.next() {
                guard let item = series[row[1]] else { continue }
                if let counter = Self.row(item, period: row[0], row: row, firstLane: 2) { rows.append(counter) }
            }
        } else {
            let cursor = try Row.fetchCursor(db, sql: "SELECT period, series_id, \(lanes) FROM leaf_counters")
            while let row = try cursor.next() {
                let period: Int32 = row[0]
                guard let item = series[row[1]], filter.periods?.contains(period) ?? true else { continue }
                if let counter = Self.row(item, period: period, row: row, firstLane: 2) { rows.append(counter) }
            }
        }
        return rows.sorted { $0.key < $1.key }
    }

    /// The series passing the filter's kind, map and area parts, by id: lists travel as JSON arrays,
    /// so that the unique index `(kind, map, area)` serves the look-ups.
    private func matchingSeries(_ filter: LeafCounterFilter) throws -> [Int64: LeafSeries] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let kinds = filter.kinds {
            conditions.append("kind IN (SELECT value FROM json_each(?))")
            arguments += [JSONArrayWriter.strings(kinds)]
        }
        if let map = filter.map {
            conditions.append("map = ?")
            arguments += [map]
        }
        if let areas = filter.areas {
            conditions.append("area IN (SELECT value FROM json_each(?))")
            arguments += [JSONArrayWriter.strings(areas)]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var result: [Int64: LeafSeries] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, kind, map, area FROM leaf_series \(whereClause)", arguments: arguments)
        while let row = try cursor.next() {
            result[row[0]] = LeafSeries(kind: row[1], map: row[2], area: row[3])
        }
        return result
    }

    private static func row(_ series: LeafSeries, period: Int32, row: Row, firstLane: Int) -> LeafCounterRow? {
        let lanes = (0..<LeafCounterRow.laneCount).map { row[firstLane + $0] as Int64 }
        return LeafCounterRow(key: LeafCounterKey(kind: series.kind, map: series.map, area: series.area, period: period), lanes: lanes)
    }
}
