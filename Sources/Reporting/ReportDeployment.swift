import PopStreamCore

/// What a deployment reports on: its area map (registry and map id), its targets and its minimums, the same
/// ones the workers evaluate alerts with, so a report's statuses agree with the alerts.
public struct ReportDeployment: Sendable {
    /// The area registry in use.
    public let registry: AreaRegistry
    /// The map id leaf counters are stored under (``AreaRegistryOption/mapName`` in the command line).
    public let mapName: String
    /// The targets in force.
    public let targets: TargetSet
    /// Values, intervals, effective targets and statuses of rows.
    public let evaluator: IndicatorEvaluator

    /// A deployment of `registry` (stored as map `mapName`) with `targets` and the minimums of `catalog`.
    public init(registry: AreaRegistry, mapName: String, targets: TargetSet, catalog: IndicatorCatalog = .standard) {
        self.registry = registry
        self.mapName = mapName
        self.targets = targets
        self.evaluator = IndicatorEvaluator(registry: registry, targets: targets, catalog: catalog)
    }

    /// The baseline of the target that applies to `indicator` in `area` (its own or its nearest ancestor's),
    /// as the targets file gives it; `nil` when there is no target or it has no baseline.
    public func baseline(of indicator: IndicatorID, in area: String) -> TargetPoint? {
        targets.target(for: indicator, area: area)?.target.baseline
    }
}
