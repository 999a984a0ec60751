/// Turns a row's counters into a report row: value, interval, effective target and status.
///
/// Used alike by the workers (for alerts), `popstream report` and the HTTP API, so statuses agree.
public struct IndicatorEvaluator: Sendable {
    /// Names and levels of areas.
    public let registry: AreaRegistry
    /// The targets in force.
    public let targets: TargetSet
    /// Minimum denominators.
    public let catalog: IndicatorCatalog

    /// An evaluator for one deployment's registry, targets and minimums (by default those of the targets file).
    public init(registry: AreaRegistry, targets: TargetSet, catalog: IndicatorCatalog? = nil) {
        self.registry = registry
        self.targets = targets
        self.catalog = catalog ?? targets.catalog
    }

    /// The report row of `key` with counters `counters` (`units` is not reported).
    public func evaluate(_ key: AggregateKey, counters: CounterDelta) -> IndicatorRow {
        let indicator = key.indicator
        let estimate = IndicatorEstimate(indicator: indicator, numerator: counters.numerator,
                                         denominator: counters.denominator)
        let target = targets.effectiveTarget(for: key)
        let status = StatusRule.status(indicator: indicator, numerator: counters.numerator,
                                       denominator: counters.denominator, estimate: estimate, target: target,
                                       minimum: catalog.minimumDenominator(for: indicator))
        let area = registry.area(key.area)
        let isCount = indicator.measure == .count
        return IndicatorRow(indicator: indicator, area: key.area, areaName: area?.name ?? key.area,
                            level: area?.level ?? "", period: key.period, numerator: counters.numerator,
                            denominator: isCount ? nil : counters.denominator, value: estimate.value,
                            lower: estimate.lower, upper: estimate.upper, unit: indicator.unit,
                            target: target, status: status)
    }

    /// Rows for every counter entry with at least one live unit, sorted by indicator, area and period;
    /// rows whose (area, period) is in `approximate` are flagged not exact.
    public func rows(_ counters: [AggregateKey: CounterDelta], approximate: Set<AreaPeriod>) -> [IndicatorRow] {
        guard !approximate.isEmpty else { return rows(counters) }
        return rows(counters).map { row in
            var row = row
            row.exact = !approximate.contains(AreaPeriod(area: row.area, period: row.period))
            return row
        }
    }

    /// Rows for every counter entry with at least one live unit, sorted by indicator, area and period.
    public func rows(_ counters: [AggregateKey: CounterDelta]) -> [IndicatorRow] {
        counters.filter { $0.value.units > 0 }.sorted { $0.key < $1.key }.map { evaluate($0.key, counters: $0.value) }
    }
}
