import PopStreamCore
import Store

/// Reads rolled-up figures from the store: the leaf rows a query needs, summed into every ancestor
/// area and every period (``LeafRollup``). What reports, the API and alert evaluation read.
public struct FigureReader: Sendable {
    /// The store holding the leaf counters.
    public let store: any StateStore
    /// The map the figures are read on (leaf rows of other maps are not read).
    public let map: String
    private let rollup: LeafRollup

    /// A reader of `store` for the registry of `engine`, which is the area map `map`.
    public init(store: any StateStore, engine: IndicatorEngine, map: String) {
        self.store = store
        self.map = map
        self.rollup = LeafRollup(engine: engine)
    }

    /// The rolled-up counters matching `query`; only rows with at least one live unit.
    ///
    /// - Throws: ``StoreError`` when the store fails; ``UnknownAreaError`` when a stored leaf row of
    ///   this map lies in an area the registry does not have (the registry lost an area).
    public func counters(_ query: CounterQuery) async throws -> [AggregateKey: CounterDelta] {
        let needed = rollup.leavesNeeded(for: query)
        let filter = LeafCounterFilter(kinds: Set(needed.kinds.map(\.rawValue)), map: map, areas: needed.areas,
                                       periods: needed.periodNumbers)
        let rows = try await store.leafCounters(matching: filter)
        let leaves = rows.compactMap { row in StoreKeys.leafKey(row.key).map { (key: $0, lanes: row.lanes) } }
        return try rollup.rollUp(leaves, matching: query)
    }
}
