import PopStreamCore

/// An area of another map that the view's map does not have, such as an old district a plan set targets
/// on (Bạch Thông, Bắc Kạn city, Long Biên after 1 July 2025). Its figures are those recorded on its own
/// map under it, plus those recorded on the other maps in the view map's areas that now cover it.
public struct PlanArea: Sendable {
    /// The area, as its own map has it (old name and level).
    public let area: Area
    /// The map the area belongs to.
    public let map: AreaMap
    /// The lowest-level areas of its own map under it.
    public let leaves: Set<String>
    /// The lowest-level areas of the view's map that cover it (sorted).
    public let cover: [String]
    /// True when the covering areas hold exactly the area's territory.
    public let coverExact: Bool

    /// The plan area `code` of `view`: an area of another map of the set that the view's map does not have,
    /// searched from the latest map back; `nil` when the view's map has the code or no other map with a
    /// crosswalk to it does.
    public init?(_ code: String, in view: MapView) {
        guard !view.map.registry.contains(code) else { return nil }
        for candidate in view.maps.maps.reversed() where candidate.id != view.map.id {
            guard let area = candidate.registry.area(code), let carry = view.carryOvers[candidate.id] else { continue }
            let registry = candidate.registry
            let leaves = Set(registry.areas.lazy.map(\.code).filter {
                registry.isLowestLevel($0) && registry.isSelfOrDescendant($0, of: code)
            })
            let (cover, exact) = carry.cover(of: leaves)
            self.area = area
            self.map = candidate
            self.leaves = leaves
            self.cover = cover
            self.coverExact = exact
            return
        }
        return nil
    }
}

extension FigureReader {
    /// The figures of `plan` for the periods and indicator of `query` (its area and level parts are
    /// ignored): rows keyed by the plan area's code. Figures recorded on the plan area's own map are exact;
    /// those recorded on other maps are summed over the covering areas, approximate when the cover is not
    /// exact.
    public func figures(of plan: PlanArea, _ query: CounterQuery, kinds: Set<EventKind>? = nil) async throws -> Figures {
        var own = query
        own.area = plan.area.code
        own.level = nil
        let ownRollup = LeafRollup(engine: IndicatorEngine(registry: plan.map.registry))
        let needed = ownRollup.leavesNeeded(for: own)
        let kindNames = Set((kinds.map { $0.intersection(needed.kinds) } ?? needed.kinds).map(\.rawValue))
        let recordedOwn = try await read(map: plan.map.id, kinds: kindNames, areas: needed.areas, periods: needed.periodNumbers)
        var counters = try ownRollup.rollUp(recordedOwn.map { ($0.key, $0.lanes) }, matching: own)
            .filter { $0.key.area == plan.area.code }

        // Figures recorded elsewhere, in the view map's areas covering the plan area.
        let cover = Set(plan.cover)
        var recorded = try await read(map: view.map.id, kinds: kindNames, areas: cover, periods: needed.periodNumbers)
        for (source, areas) in view.sourceLeaves(reaching: cover) where source != plan.map.id {
            recorded += try await read(map: source, kinds: kindNames, areas: areas, periods: needed.periodNumbers)
        }
        let carried = view.carry(recorded)
        var approximate: Set<AreaPeriod> = []
        var sums: [AggregateKey: CounterDelta] = [:]
        for (key, lanes) in carried.leaves where cover.contains(key.area) && (lanes.first ?? 0) != 0 {
            for period in key.periods where query.matches(period) {
                if !plan.coverExact { approximate.insert(AreaPeriod(area: plan.area.code, period: period)) }
                for indicator in IndicatorID.indicators(of: key.kind) where query.indicator.map({ $0 == indicator }) ?? true {
                    let delta = CounterDelta(numerator: lanes[1 + 2 * indicator.slot], denominator: lanes[2 + 2 * indicator.slot],
                                             units: lanes[0])
                    sums[AggregateKey(indicator: indicator, area: plan.area.code, period: period), default: .zero] += delta
                }
            }
        }
        for (_, key) in carried.approximate where cover.contains(key.area) {
            for period in key.periods where query.matches(period) { approximate.insert(AreaPeriod(area: plan.area.code, period: period)) }
        }
        counters.merge(sums) { $0 + $1 }
        return Figures(counters: counters.filter { $0.value.units > 0 }, approximate: approximate)
    }
}
