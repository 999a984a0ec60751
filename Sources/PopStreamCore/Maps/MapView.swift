/// Figures read on one map of a set: the leaf rows recorded on it as they are, and those recorded on the
/// other maps carried over through the crosswalks (``MapCarryOver``), with the (area, period) rows the
/// carrying makes approximate.
public struct MapView: Sendable {
    /// The deployment's maps.
    public let maps: AreaMapSet
    /// The map figures are read on.
    public let map: AreaMap
    /// How each other map's figures reach `map`, by source map id (maps with no crosswalk are absent:
    /// their figures are not carried).
    public let carryOvers: [String: MapCarryOver]

    /// The view of `maps` on the map `id`, or `nil` when the set has no such map.
    public init?(maps: AreaMapSet, on id: String) {
        guard let map = maps.map(id: id) else { return nil }
        self.maps = maps
        self.map = map
        var carryOvers: [String: MapCarryOver] = [:]
        for other in maps.maps where other.id != id {
            if let carry = MapCarryOver(from: other.id, to: id, in: maps) { carryOvers[other.id] = carry }
        }
        self.carryOvers = carryOvers
    }

    /// The view on the first map of `maps`, with no carry-over (a single-map set).
    public init(unchecked maps: AreaMapSet) {
        self.maps = maps
        self.map = maps.maps[0]
        self.carryOvers = [:]
    }

    /// A leaf row of any map of the set.
    public struct RecordedLeaf: Sendable {
        /// The map the row was recorded on.
        public var map: String
        /// The row (its area on `map`).
        public var key: LeafKey
        /// Units, then each indicator's numerator and denominator.
        public var lanes: [Int64]

        /// A recorded row.
        public init(map: String, key: LeafKey, lanes: [Int64]) {
            self.map = map
            self.key = key
            self.lanes = lanes
        }
    }

    /// The rows on this view's map, and the (area, leaf row) pairs whose rolled-up rows are approximate.
    public struct CarriedLeaves: Sendable {
        /// Leaf rows on the view's map (carried rows under their destination area).
        public var leaves: [(key: LeafKey, lanes: [Int64])] = []
        /// For each carried row placed inexactly: the areas it makes approximate, with the row (its periods).
        public var approximate: [(areas: [String], key: LeafKey)] = []
    }

    /// Carries `recorded` onto the view's map. Rows of a map without a crosswalk to it, or of an area
    /// its crosswalk does not name, are left out.
    public func carry(_ recorded: some Sequence<RecordedLeaf>) -> CarriedLeaves {
        var result = CarriedLeaves()
        for row in recorded {
            if row.map == map.id {
                result.leaves.append((row.key, row.lanes))
                continue
            }
            guard let placement = carryOvers[row.map]?.placement(of: row.key.area) else { continue }
            var key = row.key
            key.area = placement.destination
            result.leaves.append((key, row.lanes))
            if !placement.exact, row.lanes.first ?? 0 != 0 { result.approximate.append((placement.approximates, key)) }
        }
        return result
    }

    /// The (area, period) rows that `carried` makes approximate, among the periods `query` matches.
    public static func approximateRows(_ carried: CarriedLeaves, matching query: CounterQuery) -> Set<AreaPeriod> {
        var rows: Set<AreaPeriod> = []
        for (areas, key) in carried.approximate {
            for period in key.periods where query.matches(period) {
                for area in areas { rows.insert(AreaPeriod(area: area, period: period)) }
            }
        }
        return rows
    }

    /// For each other map with a crosswalk: its lowest-level areas whose figures can land in, or make
    /// approximate, the view's areas `leaves` (`nil`: every area).
    public func sourceLeaves(reaching leaves: Set<String>?) -> [String: Set<String>?] {
        var result: [String: Set<String>?] = [:]
        for (id, carry) in carryOvers { result.updateValue(leaves.map { carry.sources(reaching: $0) }, forKey: id) }
        return result
    }
}

/// An (area, period) pair: the grain of the approximation flag (all indicators of the row's kind).
public struct AreaPeriod: Hashable, Sendable {
    /// The area code on the view's map.
    public var area: String
    /// The period.
    public var period: Period

    /// The pair.
    public init(area: String, period: Period) {
        self.area = area
        self.period = period
    }
}
