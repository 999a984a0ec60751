import Pipeline
import PopStreamCore

/// What a deployment reports on: its area maps, the map figures are read on, each map's targets and the
/// minimums, the same ones the workers evaluate alerts with, so a report's statuses agree with the alerts.
public struct ReportDeployment: Sendable {
    /// The maps, and the one figures are read on (the others' figures carried over).
    public let view: MapView
    /// The targets in force on each map, by map id (a map without any has none).
    public let targetsByMap: [String: TargetSet]
    /// Values, intervals, effective targets and statuses of rows of the view's map.
    public let evaluator: IndicatorEvaluator
    private let catalog: IndicatorCatalog?

    /// A deployment reading `view`, with `targets` per map id and the minimums of `catalog` (by default, each
    /// map's targets file's).
    public init(view: MapView, targets: [String: TargetSet], catalog: IndicatorCatalog? = nil) {
        self.view = view
        self.targetsByMap = targets
        self.catalog = catalog
        let registry = view.map.registry
        self.evaluator = IndicatorEvaluator(registry: registry, targets: targets[view.map.id] ?? .empty(registry: registry),
                                            catalog: catalog)
    }

    /// A deployment of `registry` alone (stored as map `mapName`) with `targets` and the minimums of `catalog`
    /// (by default, the targets file's).
    public init(registry: AreaRegistry, mapName: String, targets: TargetSet, catalog: IndicatorCatalog? = nil) {
        self.init(view: .single(registry, id: mapName), targets: [mapName: targets], catalog: catalog)
    }

    /// The area registry figures are read on.
    public var registry: AreaRegistry { view.map.registry }
    /// The id of the map figures are read on.
    public var mapName: String { view.map.id }
    /// The targets in force on the view's map.
    public var targets: TargetSet { evaluator.targets }

    /// The evaluator of another map's areas (plan areas), with that map's targets.
    public func evaluator(of map: AreaMap) -> IndicatorEvaluator {
        if map.id == view.map.id { return evaluator }
        return IndicatorEvaluator(registry: map.registry, targets: targetsByMap[map.id] ?? .empty(registry: map.registry),
                                  catalog: catalog)
    }

    /// The baseline of the target that applies to `indicator` in `area` (its own or its nearest ancestor's),
    /// as the targets file gives it; `nil` when there is no target or it has no baseline.
    public func baseline(of indicator: IndicatorID, in area: String) -> TargetPoint? {
        if let target = targets.target(for: indicator, area: area) { return target.target.baseline }
        guard let plan = PlanArea(area, in: view) else { return nil }
        return targetsByMap[plan.map.id]?.target(for: indicator, area: area)?.target.baseline
    }
}
