import Pipeline
import PopStreamCore
import Store

/// One year of one area, as a dashboard page shows it: the area's rows of the year, its quarters and its
/// months, and the yearly rows of its direct children. Rows with no live unit are left out.
public struct AreaYearFigures: Sendable {
    /// The area's code.
    public let area: String
    /// The year.
    public let year: Int
    /// The area's own rows: the year, its quarters and its months, sorted by indicator and period.
    public let own: [IndicatorRow]
    /// The yearly rows of the area's direct children, sorted by indicator and area code.
    public let children: [IndicatorRow]

    /// Figures of `area` in `year`.
    public init(area: String, year: Int, own: [IndicatorRow], children: [IndicatorRow]) {
        self.area = area
        self.year = year
        self.own = own
        self.children = children
    }
}

/// Reads ``AreaYearFigures``: the leaf rows of the area's subtree for that year, read from the store once
/// (as ``FigureReader`` reads them), then rolled up twice in memory, for the area (every period of the year)
/// and for its children (the year only). Nothing outside the area and the year is read.
public struct AreaYearReader: Sendable {
    /// The store holding the leaf counters.
    public let store: any StateStore
    /// Areas, targets and minimums.
    public let deployment: ReportDeployment
    private let rollup: LeafRollup
    private let reader: FigureReader

    /// A reader of `store` on the deployment's map.
    public init(store: any StateStore, deployment: ReportDeployment) {
        self.store = store
        self.deployment = deployment
        self.rollup = LeafRollup(engine: IndicatorEngine(registry: deployment.registry))
        self.reader = FigureReader(store: store, view: deployment.view)
    }

    /// The figures of `area` in `year`; empty for an area the registry does not have.
    ///
    /// - Throws: ``StoreError`` when the store fails; ``UnknownAreaError`` when the store holds figures of an
    ///   area this registry does not have.
    public func read(area: String, year: Int) async throws -> AreaYearFigures {
        let registry = deployment.registry
        guard let record = registry.area(area) else { return AreaYearFigures(area: area, year: year, own: [], children: []) }
        let carried = try await reader.carriedLeaves(CounterQuery(area: area, year: year))
        let leaves = carried.leaves
        let approximate = MapView.approximateRows(carried, matching: CounterQuery(year: year))
        let own = try rollup.rollUp(leaves, matching: CounterQuery(area: area, level: record.level, year: year))
            .filter { $0.key.area == area }
        var children: [AggregateKey: CounterDelta] = [:]
        for level in Set(registry.children(of: area).map(\.level)) {
            let rows = try rollup.rollUp(leaves, matching: CounterQuery(area: area, level: level, period: .year(year)))
            for (key, counters) in rows where registry.area(key.area)?.parentCode == area { children[key] = counters }
        }
        let evaluator = deployment.evaluator
        return AreaYearFigures(area: area, year: year, own: evaluator.rows(own, approximate: approximate),
                               children: evaluator.rows(children, approximate: approximate))
    }
}
