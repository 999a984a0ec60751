import PopStreamCore
import Store

/// The report rows a set of changed leaf rows can move on the view's map: for each changed (leaf area,
/// month or year), every indicator of the kind, in the area and each of its ancestors, over the month, its
/// quarter and its year (or the year alone for yearly-only rows). A leaf row of another map counts where
/// it is carried to.
public struct TouchedFigures: Sendable {
    /// The rows to re-evaluate.
    public private(set) var keys: Set<AggregateKey> = []
    /// The years they fall in (one read per year).
    public private(set) var years: Set<Int> = []

    /// The rows moved by `leaves` of `kind` on the view's map; leaf rows of other kinds, of maps with no
    /// crosswalk to it, or of areas the maps lack, are skipped.
    public init(_ leaves: some Sequence<LeafCounterKey>, kind: EventKind, view: MapView) {
        let indicators = IndicatorID.indicators(of: kind)
        let registry = view.map.registry
        var seen: Set<LeafCounterKey> = []
        for leaf in leaves where leaf.kind == kind.rawValue && seen.insert(leaf).inserted {
            guard let key = StoreKeys.leafKey(leaf) else { continue }
            let area: String
            if leaf.map == view.map.id {
                area = key.area
            } else if let placement = view.carryOvers[leaf.map]?.placement(of: key.area) {
                area = placement.destination
            } else {
                continue
            }
            let areas = registry.selfAndAncestors(of: area)
            guard !areas.isEmpty else { continue }
            years.insert(key.year)
            for period in key.periods {
                for area in areas {
                    for indicator in indicators { keys.insert(AggregateKey(indicator: indicator, area: area, period: period)) }
                }
            }
        }
    }
}
