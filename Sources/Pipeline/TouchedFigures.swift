import PopStreamCore
import Store

/// The report rows a set of changed leaf rows can move: for each changed (leaf area, month or year),
/// every indicator of the kind, in the area and each of its ancestors, over the month, its quarter and
/// its year (or the year alone for yearly-only rows).
public struct TouchedFigures: Sendable {
    /// The rows to re-evaluate.
    public private(set) var keys: Set<AggregateKey> = []
    /// The years they fall in (one read per year).
    public private(set) var years: Set<Int> = []

    /// The rows moved by `leaves` of `kind` on the map of `registry`; leaf rows of other kinds or maps,
    /// or of areas the registry lacks, are skipped.
    public init(_ leaves: some Sequence<LeafCounterKey>, kind: EventKind, map: String, registry: AreaRegistry) {
        let indicators = IndicatorID.indicators(of: kind)
        var seen: Set<LeafCounterKey> = []
        for leaf in leaves where leaf.kind == kind.rawValue && leaf.map == map && seen.insert(leaf).inserted {
            guard let key = StoreKeys.leafKey(leaf) else { continue }
            let areas = registry.selfAndAncestors(of: key.area)
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
