/// Accumulates the counter deltas of many applied events (a consumer batch), rolled up to every
/// ancestor area and every period, merging changes to the same row; rows whose change sums to zero
/// are dropped on output.
///
/// Internally one slot per (kind, area, period) holds the unit count and every indicator's numerator
/// and denominator of that kind, under a packed 64-bit key in an open-addressing table: no strings and
/// no allocation on the hot path. Output sums are exact `Int64` (32-bit lanes inside, spilled to 64-bit
/// sums long before they could overflow).
public struct DeltaBatch: Sendable {
    let areaIndex: EngineAreaIndex
    private var table = DeltaTable()
    /// Contributions added to `table` since it was last emptied (bounded by `DeltaTable.maxContributions`).
    private var contributionsInTable = 0
    /// When to spill (tests lower it to exercise the path).
    var spillThreshold = DeltaTable.maxContributions
    /// Exact 64-bit sums spilled from `table` when a batch grows huge (normally empty).
    private var spilled: [UInt64: [Int64]] = [:]

    init(areaIndex: EngineAreaIndex) {
        self.areaIndex = areaIndex
    }

    /// True when nothing was added since the last `removeAll()` (changes that cancelled still count).
    public var isEmpty: Bool { table.count == 0 && spilled.isEmpty }

    /// Adds the change of one apply result: minus the removed contribution, plus the added one.
    public mutating func add(_ result: ApplyResult) {
        guard result.removed != result.added else { return }
        if let removed = result.removed, let added = result.added, removed.sameRows(as: added) {
            addDifference(from: removed, to: added)
            return
        }
        if let removed = result.removed { add(removed, sign: -1) }
        if let added = result.added { add(added, sign: 1) }
    }

    /// A correction that keeps the unit's kind, area and anchor: one pass over its rows with the
    /// difference of the counts (the unit count does not change).
    private mutating func addDifference(from removed: Contribution, to added: Contribution) {
        guard let area = areaIndex.indexByCode[added.areaCode] else { return }
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
            table.add(rows: areaIndex.rowPrefixes[Int(added.kind.code)][Int(area)], periods: added.periodCodes,
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

    /// Adds (`sign` 1) or removes (`sign` -1) one contribution. An area unknown to the registry adds nothing.
    public mutating func add(_ contribution: Contribution, sign: Int64) {
        guard let area = areaIndex.indexByCode[contribution.areaCode] else { return }
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
            table.add(rows: areaIndex.rowPrefixes[Int(contribution.kind.code)][Int(area)], periods: contribution.periodCodes,
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
