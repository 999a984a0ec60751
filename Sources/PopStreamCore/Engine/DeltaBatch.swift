/// Accumulates the counter deltas of many applied events (a consumer batch), rolled up to every
/// ancestor area and every period, merging changes to the same row; rows whose change sums to zero
/// are dropped on output.
///
/// Internally one slot per (kind, area, period) holds the unit count and every indicator's numerator
/// and denominator of that kind as one vector, under a packed 64-bit key: no strings on the hot path.
public struct DeltaBatch: Sendable {
    let areaIndex: EngineAreaIndex
    /// Lanes: 0 = units, 1 + 2*slot = numerator, 2 + 2*slot = denominator.
    private(set) var slots: [UInt64: SIMD16<Int64>] = [:]

    init(areaIndex: EngineAreaIndex) {
        self.areaIndex = areaIndex
        slots.reserveCapacity(256)
    }

    /// True when nothing was added (or everything cancelled before output).
    public var isEmpty: Bool { slots.isEmpty }

    /// Adds the change of one apply result: minus the removed contribution, plus the added one.
    public mutating func add(_ result: ApplyResult) {
        guard result.removed != result.added else { return }
        if let removed = result.removed { add(removed, sign: -1) }
        if let added = result.added { add(added, sign: 1) }
    }

    /// Adds (`sign` 1) or removes (`sign` -1) one contribution. An area unknown to the registry adds nothing.
    public mutating func add(_ contribution: Contribution, sign: Int64) {
        guard let area = areaIndex.indexByCode[contribution.areaCode] else { return }
        var vector = SIMD16<Int64>(repeating: 0)
        vector[0] = sign
        let counts = contribution.packedCounts
        for slot in 0..<IndicatorID.maxPerKind {
            let byte = Int64((counts >> UInt64(8 * slot)) & 0xFF)
            vector[1 + 2 * slot] = sign * (byte & 0x0F)
            vector[2 + 2 * slot] = sign * (byte >> 4)
        }
        let kindBits = UInt64(contribution.kind.code) << 56
        let periods = contribution.periodCodes
        for ancestor in areaIndex.chains[Int(area)] {
            let base = kindBits | UInt64(UInt32(bitPattern: ancestor)) << 24
            slots[base | UInt64(periods.codes.0), default: .zero] &+= vector
            if periods.count == 3 {
                slots[base | UInt64(periods.codes.1), default: .zero] &+= vector
                slots[base | UInt64(periods.codes.2), default: .zero] &+= vector
            }
        }
    }

    /// Adds every change of `other` (built by an engine with the same registry).
    public mutating func merge(_ other: DeltaBatch) {
        for (key, vector) in other.slots { slots[key, default: .zero] &+= vector }
    }

    /// Forgets everything, keeping the storage for the next batch.
    public mutating func removeAll() { slots.removeAll(keepingCapacity: true) }

    /// Calls `body` for every row whose change is not zero (in no particular order).
    public func forEachDelta(_ body: (AggregateKey, CounterDelta) throws -> Void) rethrows {
        for (key, vector) in slots {
            guard let kind = EventKind(code: UInt8(truncatingIfNeeded: key >> 56)) else { continue }
            let area = areaIndex.codes[Int(UInt32(truncatingIfNeeded: key >> 24))]
            let period = Period(packedCode: UInt32(truncatingIfNeeded: key & 0xFF_FFFF))
            for indicator in IndicatorID.indicators(of: kind) {
                let delta = CounterDelta(numerator: vector[1 + 2 * indicator.slot],
                                         denominator: vector[2 + 2 * indicator.slot], units: vector[0])
                if !delta.isZero { try body(AggregateKey(indicator: indicator, area: area, period: period), delta) }
            }
        }
    }

    /// Every non-zero row change.
    public var deltas: [AggregateKey: CounterDelta] {
        var result: [AggregateKey: CounterDelta] = [:]
        result.reserveCapacity(slots.count * 3)
        forEachDelta { key, delta in result[key] = delta }
        return result
    }

    /// Number of (kind, area, period) slots touched (an upper bound of rows / indicators per kind).
    public var slotCount: Int { slots.count }
}
