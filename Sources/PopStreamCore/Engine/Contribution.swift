/// What one live unit adds to the counters: its area, its anchor (periods) and, for every indicator of
/// its kind, a small numerator and denominator (0, 1 or 2).
///
/// Every indicator of the kind gets a row for this unit even when both numbers are 0 (the unit is
/// counted in the row's `units`), so a row exists wherever a live unit of the kind is counted.
public struct Contribution: Hashable, Sendable {
    /// The unit's kind; its indicators are `IndicatorID.indicators(of: kind)`.
    public let kind: EventKind
    /// The area of residence (lowest level of its map).
    public let areaCode: String
    /// The id of the area map `areaCode` is on; empty for the only map of a single-map deployment (and
    /// for units stored before maps had ids).
    public let map: String
    /// The anchor year.
    public let year: Int
    /// The anchor month 1...12, or `nil` for yearly-only units (elderly person-years).
    public let month: Int?
    /// Per slot `i` of the kind's indicators: numerator in bits `8i..<8i+4`, denominator in `8i+4..<8i+8`.
    let packedCounts: UInt64

    /// The largest numerator or denominator one unit can add to an indicator.
    public static let maxCount = 15

    /// A contribution with `counts[i]` for the `i`-th indicator of `kind`; `nil` when a count is out of
    /// 0...15, there are more counts than indicators, or the month is not 1...12.
    public init?(kind: EventKind, areaCode: String, map: String = "", year: Int, month: Int?,
                 counts: [(numerator: Int, denominator: Int)]) {
        guard counts.count <= IndicatorID.indicators(of: kind).count else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        var packed: UInt64 = 0
        for (slot, count) in counts.enumerated() {
            guard (0...Self.maxCount).contains(count.numerator), (0...Self.maxCount).contains(count.denominator) else { return nil }
            packed |= UInt64(count.numerator) << UInt64(8 * slot) | UInt64(count.denominator) << UInt64(8 * slot + 4)
        }
        self.init(kind: kind, areaCode: areaCode, map: map, year: year, month: month, packedCounts: packed)
    }

    init(kind: EventKind, areaCode: String, map: String, year: Int, month: Int?, packedCounts: UInt64) {
        self.kind = kind
        self.areaCode = areaCode
        self.map = map
        self.year = year
        self.month = month
        self.packedCounts = packedCounts
    }

    /// The unit's (numerator, denominator) for `indicator`; (0, 0) for an indicator of another kind.
    public func counts(for indicator: IndicatorID) -> (numerator: Int, denominator: Int) {
        guard indicator.kind == kind else { return (0, 0) }
        return counts(slot: indicator.slot)
    }

    func counts(slot: Int) -> (numerator: Int, denominator: Int) {
        let byte = Int((packedCounts >> UInt64(8 * slot)) & 0xFF)
        return (byte & 0x0F, byte >> 4)
    }

    /// True when both count in the same rows (kind, map, area and anchor periods equal).
    func sameRows(as other: Contribution) -> Bool {
        kind == other.kind && year == other.year && month == other.month && areaCode == other.areaCode && map == other.map
    }

    /// The same contribution on map `map` (a unit stored without a map id, read on the map it was made on).
    public func placed(on map: String) -> Contribution {
        Contribution(kind: kind, areaCode: areaCode, map: map, year: year, month: month, packedCounts: packedCounts)
    }

    /// The periods the unit counts in: year, quarter and month of the anchor, or the year alone.
    public var periods: [Period] { Period.all(year: year, month: month) }

    /// The leaf period as the engine's packed code: the anchor month, or the year for yearly-only units.
    var leafPeriodCode: (count: Int, codes: (UInt32, UInt32, UInt32)) {
        guard let month else { return (1, (Period.year(year).packedCode, 0, 0)) }
        return (1, (UInt32(truncatingIfNeeded: year * 32) + UInt32(4 + month), 0, 0))
    }

    /// The anchor date's periods as the engine's packed codes.
    var periodCodes: (count: Int, codes: (UInt32, UInt32, UInt32)) {
        let yearCode = Period.year(year).packedCode
        guard let month else { return (1, (yearCode, 0, 0)) }
        let base = UInt32(truncatingIfNeeded: year * 32)
        return (3, (yearCode, base + UInt32((month - 1) / 3 + 1), base + UInt32(4 + month)))
    }
}

extension Contribution: Codable {
    private enum CodingKeys: String, CodingKey { case kind, area, map, year, month, counts }

    /// Decodes `{"kind","area","map"?,"year","month"?,"counts":[[n,d],...]}` (counts in catalog order).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(EventKind.self, forKey: .kind)
        let pairs = try container.decode([[Int]].self, forKey: .counts)
        guard pairs.allSatisfy({ $0.count == 2 }),
              let value = Contribution(kind: kind, areaCode: try container.decode(String.self, forKey: .area),
                                       map: try container.decodeIfPresent(String.self, forKey: .map) ?? "",
                                       year: try container.decode(Int.self, forKey: .year),
                                       month: try container.decodeIfPresent(Int.self, forKey: .month),
                                       counts: pairs.map { ($0[0], $0[1]) })
        else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: container, debugDescription: "invalid contribution")
        }
        self = value
    }

    /// Encodes the form `init(from:)` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(areaCode, forKey: .area)
        if !map.isEmpty { try container.encode(map, forKey: .map) }
        try container.encode(year, forKey: .year)
        try container.encodeIfPresent(month, forKey: .month)
        let pairs = IndicatorID.indicators(of: kind).map { indicator -> [Int] in
            let count = counts(slot: indicator.slot)
            return [count.numerator, count.denominator]
        }
        try container.encode(pairs, forKey: .counts)
    }
}
