import PopStreamCore
import Store

/// Reads rolled-up figures from the store on one area map: the leaf rows a query needs, those recorded on
/// the other maps carried over through the crosswalks (``MapView``), summed into every ancestor area and
/// every period (``LeafRollup``). What reports, the API and alert evaluation read.
public struct FigureReader: Sendable {
    /// The store holding the leaf counters.
    public let store: any StateStore
    /// The maps, and the one figures are read on.
    public let view: MapView
    let rollup: LeafRollup

    /// The rolled-up counters of a query, and the rows among them that carried figures make approximate.
    public struct Figures: Sendable {
        /// The counters, only rows with at least one live unit.
        public var counters: [AggregateKey: CounterDelta]
        /// (area, period) rows that include figures attributed across a split or merged area.
        public var approximate: Set<AreaPeriod>

        /// The figures.
        public init(counters: [AggregateKey: CounterDelta] = [:], approximate: Set<AreaPeriod> = []) {
            self.counters = counters
            self.approximate = approximate
        }

        /// False when `key`'s row includes an approximate attribution.
        public func isExact(_ key: AggregateKey) -> Bool {
            !approximate.contains(AreaPeriod(area: key.area, period: key.period))
        }
    }

    /// A reader of `store` on the view's map.
    public init(store: any StateStore, view: MapView) {
        self.store = store
        self.view = view
        self.rollup = LeafRollup(engine: IndicatorEngine(registry: view.map.registry))
    }

    /// A reader of `store` for a deployment of one map: `engine`'s registry, stored as map `map`.
    public init(store: any StateStore, engine: IndicatorEngine, map: String) {
        self.init(store: store, view: MapView.single(engine.registry, id: map))
    }

    /// The id of the map figures are read on.
    public var map: String { view.map.id }

    /// The rolled-up counters matching `query`; only rows with at least one live unit.
    ///
    /// - Throws: ``StoreError`` when the store fails; ``UnknownAreaError`` when a stored leaf row of
    ///   this map lies in an area the registry does not have (the registry lost an area).
    public func counters(_ query: CounterQuery) async throws -> [AggregateKey: CounterDelta] {
        try await figures(query).counters
    }

    /// The rolled-up counters matching `query` (of `kinds` only, when given), and which are approximate.
    public func figures(_ query: CounterQuery, kinds: Set<EventKind>? = nil) async throws -> Figures {
        let carried = try await carriedLeaves(query, kinds: kinds)
        return Figures(counters: try rollup.rollUp(carried.leaves, matching: query),
                       approximate: MapView.approximateRows(carried, matching: query))
    }

    /// The leaf rows `query` needs, from every map, carried onto the view's map (one store read per map).
    public func carriedLeaves(_ query: CounterQuery, kinds: Set<EventKind>? = nil) async throws -> MapView.CarriedLeaves {
        let needed = rollup.leavesNeeded(for: query)
        let kindNames = Set((kinds.map { $0.intersection(needed.kinds) } ?? needed.kinds).map(\.rawValue))
        var recorded = try await read(map: view.map.id, kinds: kindNames, areas: needed.areas, periods: needed.periodNumbers)
        for (source, areas) in view.sourceLeaves(reaching: needed.areas).sorted(by: { $0.key < $1.key }) {
            recorded += try await read(map: source, kinds: kindNames, areas: areas, periods: needed.periodNumbers)
        }
        return view.carry(recorded)
    }

    /// The leaf rows of one map.
    func read(map: String, kinds: Set<String>, areas: Set<String>?, periods: Set<Int32>?) async throws -> [MapView.RecordedLeaf] {
        let filter = LeafCounterFilter(kinds: kinds, map: map, areas: areas, periods: periods)
        if filter.matchesNothing { return [] }
        return try await store.leafCounters(matching: filter).compactMap { row in
            StoreKeys.leafKey(row.key).map { MapView.RecordedLeaf(map: map, key: $0, lanes: row.lanes) }
        }
    }
}

extension MapView {
    /// The view of a single map `id` holding `registry`.
    public static func single(_ registry: AreaRegistry, id: String) -> MapView {
        let maps = AreaMapSet.single(registry, id: id)
        // The set has exactly this map.
        return MapView(maps: maps, on: id) ?? MapView(unchecked: maps)
    }
}
