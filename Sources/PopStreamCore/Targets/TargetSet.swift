/// The validated targets of a deployment, checked against its area registry, with the look-up of the
/// target in force for any row (nearest ancestor with a target for the indicator wins).
public struct TargetSet: Sendable {
    /// The plans in file order.
    public let plans: [TargetPlan]
    /// The minimum denominators of the deployment: the contract's defaults with the file's
    /// `"minimumDenominators"` (contract section 6: "configurable").
    public let catalog: IndicatorCatalog
    private let registry: AreaRegistry
    /// indicator -> area code -> (plan id, target)
    private let byIndicator: [IndicatorID: [String: (plan: String, target: IndicatorTarget)]]

    /// Parses and validates a targets file (JSON, UTF-8) against `registry`.
    ///
    /// Throws a `TargetsError` naming the plan, the indicator and the problem: invalid JSON, missing
    /// fields, unknown indicator or area, invalid comparator, `reduce_by_pct` without a baseline or on
    /// an indicator that is not a rate or a count, milestone years not increasing or not after the
    /// baseline year, or two plans targeting the same indicator on the same area. The file's values are
    /// built with the initializers of `IndicatorTarget` and `TargetPlan` and then go through
    /// `init(plans:registry:)`, so plans built in code meet exactly the same checks and messages.
    public init(json: [UInt8], registry: AreaRegistry) throws(TargetsError) {
        let parser = TargetsParser()
        try self.init(plans: parser.plans(from: json), registry: registry,
                      catalog: IndicatorCatalog(minimumOverrides: parser.minimumDenominators(from: json)))
    }

    /// Parses and validates a targets file given as text.
    public init(json: String, registry: AreaRegistry) throws(TargetsError) {
        try self.init(json: Array(json.utf8), registry: registry)
    }

    /// Validates plans against `registry`: every plan's area is in it, and no indicator is targeted twice
    /// on one area (by two plans). Each target and plan was already checked by its initializer.
    public init(plans: [TargetPlan], registry: AreaRegistry, catalog: IndicatorCatalog = .standard) throws(TargetsError) {
        var index: [IndicatorID: [String: (plan: String, target: IndicatorTarget)]] = [:]
        for plan in plans {
            guard registry.contains(plan.area) else {
                throw TargetsError(plan: plan.id, message: "unknown area \(plan.area) (not in the area registry)")
            }
            for target in plan.targets {
                if let other = index[target.indicator]?[plan.area] {
                    throw TargetsError(plan: plan.id, indicator: target.indicator.rawValue,
                                       message: "area \(plan.area) already has a target for it in plan \(other.plan)")
                }
                index[target.indicator, default: [:]][plan.area] = (plan.id, target)
            }
        }
        self.plans = plans
        self.catalog = catalog
        self.registry = registry
        self.byIndicator = index
    }

    /// No targets at all (every status is `no_target`).
    public static func empty(registry: AreaRegistry) -> TargetSet {
        // An empty plan list cannot fail validation.
        (try? TargetSet(plans: [], registry: registry)) ?? TargetSet(unchecked: registry)
    }

    private init(unchecked registry: AreaRegistry) {
        plans = []
        catalog = .standard
        self.registry = registry
        byIndicator = [:]
    }

    /// The target that applies to `indicator` in `area`: the area's own, else its nearest ancestor's.
    public func target(for indicator: IndicatorID, area: String) -> (plan: String, target: IndicatorTarget)? {
        guard let byArea = byIndicator[indicator] else { return nil }
        let chain = registry.contains(area) ? registry.selfAndAncestors(of: area) : [area]
        for code in chain { if let found = byArea[code] { return found } }
        return nil
    }

    /// The target in force for a row, or `nil` (`no_target`): count indicators have targets on yearly
    /// periods only.
    public func effectiveTarget(for key: AggregateKey) -> EffectiveTarget? {
        if key.indicator.measure == .count, key.period.granularity != .year { return nil }
        return target(for: key.indicator, area: key.area)?.target.effective(year: key.period.year)
    }
}
