/// Sums leaf counter rows (one kind, one lowest-level area, one month or year) into the rows reports
/// and alerts read: every ancestor area, and the year, quarter and month of each leaf.
///
/// The sums are exact 64-bit integers, equal to what the rolled-up engine (``DeltaBatch/Grain/rolledUp``)
/// accumulates for the same units. Working keys are packed integers, not strings.
public struct LeafRollup: Sendable {
    let registry: AreaRegistry
    let areaIndex: EngineAreaIndex
    /// Per area index: whether the area has no children (a lowest-level area).
    private let isLeaf: [Bool]

    /// A rollup over the engine's registry.
    public init(engine: IndicatorEngine) {
        registry = engine.registry
        areaIndex = engine.areaIndex
        var hasChildren = Array(repeating: false, count: areaIndex.codes.count)
        for area in registry.areas {
            if let parent = area.parentCode, let index = areaIndex.indexByCode[parent] { hasChildren[Int(index)] = true }
        }
        isLeaf = hasChildren.map { !$0 }
    }

    /// What to read from the store for `query`: the kinds, the lowest-level areas (`nil`: all) and the
    /// leaf period numbers (`nil`: all). An unknown area selects nothing.
    public func leavesNeeded(for query: CounterQuery) -> (kinds: Set<EventKind>, areas: Set<String>?, periodNumbers: Set<Int32>?) {
        let kinds: Set<EventKind> = query.indicator.map { [$0.kind] } ?? Set(EventKind.allCases)
        guard let root = query.area else { return (kinds, nil, query.leafPeriodNumbers) }
        guard let rootIndex = areaIndex.indexByCode[root] else { return (kinds, [], query.leafPeriodNumbers) }
        var areas: Set<String> = []
        for (index, code) in areaIndex.codes.enumerated() where isLeaf[index] && areaIndex.chains[index].contains(rootIndex) {
            areas.insert(code)
        }
        return (kinds, areas, query.leafPeriodNumbers)
    }

    /// The rolled-up counters of `leaves` that match `query`, rows with no live unit left out.
    ///
    /// - Throws: ``UnknownAreaError`` for a leaf whose area the registry does not have.
    public func rollUp(_ leaves: [(key: LeafKey, lanes: [Int64])], matching query: CounterQuery) throws(UnknownAreaError) -> [AggregateKey: CounterDelta] {
        let selected = selectedAreas(query)
        var slots: [UInt64: Int] = [:]
        var sums: [Int64] = []
        let width = DeltaTable.lanes
        for (key, lanes) in leaves {
            guard let area = areaIndex.indexByCode[key.area] else { throw UnknownAreaError(areaCode: key.area, kind: key.kind) }
            // The leaf's year, quarter and month (or year alone), as packed codes, kept where the query wants them.
            var codes: (UInt32, UInt32, UInt32) = (0, 0, 0)
            var count = 0
            for period in Period.all(year: key.year, month: key.month) where query.matches(period) {
                switch count {
                case 0: codes.0 = period.packedCode
                case 1: codes.1 = period.packedCode
                default: codes.2 = period.packedCode
                }
                count += 1
            }
            guard count > 0 else { continue }
            for ancestor in areaIndex.chains[Int(area)] where selected?[Int(ancestor)] ?? true {
                for position in 0..<count {
                    let code = position == 0 ? codes.0 : (position == 1 ? codes.1 : codes.2)
                    let slot = UInt64(key.kind.code) << 56 | UInt64(UInt32(bitPattern: ancestor)) << 24 | UInt64(code)
                    let base: Int
                    if let found = slots[slot] {
                        base = found
                    } else {
                        base = sums.count
                        slots[slot] = base
                        sums.append(contentsOf: repeatElement(0, count: width))
                    }
                    for lane in 0..<min(lanes.count, width) { sums[base + lane] &+= lanes[lane] }
                }
            }
        }
        var result: [AggregateKey: CounterDelta] = [:]
        result.reserveCapacity(slots.count * 3)
        for (slot, base) in slots where sums[base] > 0 {
            guard let kind = EventKind(code: UInt8(truncatingIfNeeded: slot >> 56)) else { continue }
            let area = areaIndex.codes[Int(UInt32(truncatingIfNeeded: slot >> 24))]
            let period = Period(packedCode: UInt32(truncatingIfNeeded: slot & 0xFF_FFFF))
            for indicator in IndicatorID.indicators(of: kind) where query.indicator.map({ $0 == indicator }) ?? true {
                result[AggregateKey(indicator: indicator, area: area, period: period)] = CounterDelta(
                    numerator: sums[base + 1 + 2 * indicator.slot], denominator: sums[base + 2 + 2 * indicator.slot], units: sums[base])
            }
        }
        return result
    }

    /// Per area index, whether it passes the query's area and level parts (`nil`: every area).
    private func selectedAreas(_ query: CounterQuery) -> [Bool]? {
        guard query.area != nil || query.level != nil else { return nil }
        let rootIndex = query.area.map { areaIndex.indexByCode[$0] ?? -1 }
        return registry.areas.indices.map { index in
            if let level = query.level, registry.areas[index].level != level { return false }
            guard let rootIndex else { return true }
            return areaIndex.chains[index].contains(rootIndex)
        }
    }
}
