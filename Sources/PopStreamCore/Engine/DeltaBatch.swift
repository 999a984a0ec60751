/// Accumulates the counter deltas of many applied events (a consumer batch), merging changes to the
/// same row; rows whose change sums to zero are dropped on output.
///
/// Two grains: ``Grain/rolledUp`` adds each unit to its area and every ancestor, for its year, quarter
/// and month (the in-memory engine, reports computed in memory); ``Grain/leaf`` adds it to its own
/// lowest-level area and month only (or its year, for yearly-only kinds): the rows the store keeps,
/// summed into ancestors, quarters and years when read.
///
/// Internally one slot per (kind, area, period) holds the unit count and every indicator's numerator
/// and denominator of that kind, under a packed 64-bit key in an open-addressing table: no strings and
/// no allocation on the hot path. Output sums are exact `Int64` (32-bit lanes inside, spilled to 64-bit
/// sums long before they could overflow).
public struct DeltaBatch: Sendable {
    /// Which rows a unit's contribution is added to.
    public enum Grain: Sendable {
        /// The unit's area and every ancestor; year, quarter and month.
        case rolledUp
        /// The unit's own area; its month, or its year when it has no month.
        case leaf
    }

    let areaIndex: EngineAreaIndex
    /// The rows a contribution is added to.
    public let grain: Grain
    private var table = DeltaTable()
    /// Contributions added to `table` since it was last emptied (bounded by `DeltaTable.maxContributions`).
    private var contributionsInTable = 0
    /// When to spill (tests lower it to exercise the path).
    var spillThreshold = DeltaTable.maxContributions
    /// Exact 64-bit sums spilled from `table` when a batch grows huge (normally empty).
    private var spilled: [UInt64: [Int64]] = [:]

    init(areaIndex: EngineAreaIndex, grain: Grain) {
        self.areaIndex = areaIndex
        self.grain = grain
    }

    /// True when nothing was added since the last `removeAll()` (changes that cancelled still count).
    public var isEmpty: Bool { table.count == 0 && spilled.isEmpty }

    /// Adds the change of one apply result: minus the removed contribution, plus the added one.
    ///
    /// - Throws: ``UnknownAreaError`` when either contribution's area is not in the engine's registry
    ///   (a stored contribution made on a registry that has since lost the area); nothing is added.
    public mutating func add(_ result: ApplyResult) throws(UnknownAreaError) {
        guard result.removed != result.added else { return }
        // Each area looked up once, both before anything is added.
        let removedArea = try result.removed.map { contribution throws(UnknownAreaError) in try area(of: contribution) }
        let addedArea = try result.added.map { contribution throws(UnknownAreaError) in try area(of: contribution) }
        if let removed = result.removed, let added = result.added, let area = addedArea, removed.sameRows(as: added) {
            addDifference(from: removed, to: added, area: area)
            return
        }
        if let removed = result.removed, let area = removedArea { add(removed, area: area, sign: -1) }
        if let added = result.added, let area = addedArea { add(added, area: area, sign: 1) }
    }

    /// The engine's index of `contribution`'s area.
    ///
    /// - Throws: ``UnknownAreaError`` when the registry does not have it.
    @inline(__always)
    private func area(of contribution: Contribution) throws(UnknownAreaError) -> Int32 {
        guard let area = areaIndex.indexByCode[contribution.areaCode] else {
            throw UnknownAreaError(areaCode: contribution.areaCode, kind: contribution.kind)
        }
        return area
    }

    /// The packed row prefixes (kind and area) a contribution of `kind` in area `area` is added to.
    @inline(__always)
    private func rows(_ kind: EventKind, _ area: Int32) -> [UInt64] {
        switch grain {
        case .rolledUp: areaIndex.rowPrefixes[Int(kind.code)][Int(area)]
        case .leaf: areaIndex.leafPrefixes[Int(kind.code)][Int(area)]
        }
    }

    /// The packed period codes a contribution is added to.
    @inline(__always)
    private func periods(of contribution: Contribution) -> (count: Int, codes: (UInt32, UInt32, UInt32)) {
        switch grain {
        case .rolledUp: contribution.periodCodes
        case .leaf: contribution.leafPeriodCode
        }
    }

    /// A correction that keeps the unit's kind, area and anchor: one pass over its rows with the
    /// difference of the counts (the unit count does not change).
    private mutating func addDifference(from removed: Contribution, to added: Contribution, area: Int32) {
        countContribution()
        let laneCount = 1 + 2 * IndicatorID.count(of: added.kind)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: DeltaTable.lanes) { lanes in
            lanes[0] = 0
            for slot in 0..<IndicatorID.maxPerKind {
                let old = Int32(truncatingIfNeeded: (removed.packedCounts >> UInt64(8 * slot)) & 0xFF)
                let new = Int32(truncatingIfNeeded: (added.packedCounts >> UInt64(8 * slot)) & 0xFF)
                lanes[1 + 2 * slot] = (new & 0x0F) - (old & 0x0F)
                lanes[2 + 2 * slot] = (new >> 4) - (old >> 4)
            }
            table.add(rows: rows(added.kind, area), periods: periods(of: added),
                      lanes: UnsafeBufferPointer(rebasing: lanes[0..<laneCount]))
        }
    }

    /// Spills the 32-bit table into exact 64-bit sums before its lanes could overflow.
    private mutating func countContribution() {
        contributionsInTable += 1
        guard contributionsInTable >= spillThreshold else { return }
        table.forEachRow { key, lanes in
            var sums = spilled[key] ?? Array(repeating: 0, count: DeltaTable.lanes)
            for lane in 0..<lanes.count { sums[lane] += Int64(lanes[lane]) }
            spilled[key] = sums
        }
        table.removeAll()
        contributionsInTable = 0
    }

    /// Adds (`sign` 1) or removes (`sign` -1) one contribution.
    ///
    /// - Throws: ``UnknownAreaError`` when its area is not in the engine's registry; nothing is added.
    public mutating func add(_ contribution: Contribution, sign: Int64) throws(UnknownAreaError) {
        add(contribution, area: try area(of: contribution), sign: sign)
    }

    /// Adds (`sign` 1) or removes (`sign` -1) one contribution in the area at `area` of the engine's index.
    private mutating func add(_ contribution: Contribution, area: Int32, sign: Int64) {
        countContribution()
        let laneCount = 1 + 2 * IndicatorID.count(of: contribution.kind)
        let counts = contribution.packedCounts
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: DeltaTable.lanes) { lanes in
            let sign = Int32(truncatingIfNeeded: sign.signum())
            lanes[0] = sign
            for slot in 0..<IndicatorID.maxPerKind {
                let byte = Int32(truncatingIfNeeded: (counts >> UInt64(8 * slot)) & 0xFF)
                lanes[1 + 2 * slot] = sign * (byte & 0x0F)
                lanes[2 + 2 * slot] = sign * (byte >> 4)
            }
            table.add(rows: rows(contribution.kind, area), periods: periods(of: contribution),
                      lanes: UnsafeBufferPointer(rebasing: lanes[0..<laneCount]))
        }
    }

    /// Adds every change of `other` (built by an engine with the same registry).
    public mutating func merge(_ other: DeltaBatch) {
        other.forEachRow { key, lanes in
            var sums = spilled[key] ?? Array(repeating: 0, count: DeltaTable.lanes)
            for lane in 0..<lanes.count { sums[lane] += lanes[lane] }
            spilled[key] = sums
        }
    }

    /// Forgets everything, keeping the storage for the next batch.
    public mutating func removeAll() {
        table.removeAll()
        contributionsInTable = 0
        spilled.removeAll()
    }

    /// Every touched slot with its exact 64-bit lanes.
    private func forEachRow(_ body: (UInt64, [Int64]) throws -> Void) rethrows {
        if spilled.isEmpty {
            try table.forEachRow { key, lanes in try body(key, lanes.map { Int64($0) }) }
            return
        }
        var all = spilled
        table.forEachRow { key, lanes in
            var sums = all[key] ?? Array(repeating: 0, count: DeltaTable.lanes)
            for lane in 0..<lanes.count { sums[lane] += Int64(lanes[lane]) }
            all[key] = sums
        }
        for (key, lanes) in all { try body(key, lanes) }
    }

    /// Calls `body` for every row whose change is not zero (in the order rows were first touched, unless
    /// the batch was merged or spilled).
    public func forEachDelta(_ body: (AggregateKey, CounterDelta) throws -> Void) rethrows {
        if spilled.isEmpty {
            try table.forEachRow { key, lanes in try emit(key: key, lane: { Int64(lanes[$0]) }, body) }
        } else {
            try forEachRow { key, lanes in try emit(key: key, lane: { lanes[$0] }, body) }
        }
    }

    @inline(__always)
    private func emit(key: UInt64, lane: (Int) -> Int64, _ body: (AggregateKey, CounterDelta) throws -> Void) rethrows {
        guard let kind = EventKind(code: UInt8(truncatingIfNeeded: key >> 56)) else { return }
        let area = areaIndex.codes[Int(UInt32(truncatingIfNeeded: key >> 24))]
        let period = Period(packedCode: UInt32(truncatingIfNeeded: key & 0xFF_FFFF))
        let units = lane(0)
        for indicator in IndicatorID.indicators(of: kind) {
            let delta = CounterDelta(numerator: lane(1 + 2 * indicator.slot), denominator: lane(2 + 2 * indicator.slot),
                                     units: units)
            if !delta.isZero { try body(AggregateKey(indicator: indicator, area: area, period: period), delta) }
        }
    }

    /// Calls `body` for every leaf row whose change is not zero, with its lanes: the unit count, then the
    /// numerator and denominator of each indicator of the kind in catalog order. Only for ``Grain/leaf``.
    public func forEachLeafDelta(_ body: (LeafKey, [Int64]) throws -> Void) rethrows {
        try forEachRow { key, lanes in
            guard let kind = EventKind(code: UInt8(truncatingIfNeeded: key >> 56)) else { return }
            let laneCount = 1 + 2 * IndicatorID.count(of: kind)
            let used = Array(lanes[0..<laneCount])
            guard used.contains(where: { $0 != 0 }) else { return }
            let area = areaIndex.codes[Int(UInt32(truncatingIfNeeded: key >> 24))]
            let period = Period(packedCode: UInt32(truncatingIfNeeded: key & 0xFF_FFFF))
            try body(LeafKey(kind: kind, area: area, year: period.year, month: period.granularity == .month ? period.index : nil), used)
        }
    }

    /// Every non-zero row change.
    public var deltas: [AggregateKey: CounterDelta] {
        var result: [AggregateKey: CounterDelta] = [:]
        result.reserveCapacity(table.count * 3)
        forEachDelta { key, delta in result[key] = delta }
        return result
    }

    /// Number of (kind, area, period) slots touched (each holds the rows of every indicator of its kind).
    public var slotCount: Int { table.count + spilled.count }
}
