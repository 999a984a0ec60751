/// The lanes of one leaf counter row, or a change to them.
///
/// Lane 0 counts the live units in the row; then, for each indicator of the kind in the domain's
/// catalog order, its numerator and its denominator. At most ``laneCount`` lanes; missing lanes are 0.
public struct LeafCounterRow: Hashable, Sendable {
    /// How many lanes a row has: units plus numerator and denominator of up to five indicators.
    public static let laneCount = 11

    /// The lane columns of `leaf_counters` in both stores, in ``lanes`` order.
    static let columnNames = ["units", "n0", "d0", "n1", "d1", "n2", "d2", "n3", "d3", "n4", "d4"]

    /// The row.
    public var key: LeafCounterKey
    /// Exactly ``laneCount`` 64-bit values.
    public private(set) var lanes: [Int64]

    /// A row with `lanes` (padded with zeros to ``laneCount``; extra lanes are refused with `nil`).
    public init?(key: LeafCounterKey, lanes: [Int64]) {
        guard lanes.count <= Self.laneCount else { return nil }
        self.key = key
        self.lanes = lanes + Array(repeating: 0, count: Self.laneCount - lanes.count)
    }

    /// Live units counted in the row (lane 0).
    public var units: Int64 { lanes[0] }

    /// True when every lane is 0.
    public var isZero: Bool { lanes.allSatisfy { $0 == 0 } }

    /// Adds `other`'s lanes to this row's.
    mutating func add(_ other: [Int64]) {
        for index in 0..<Self.laneCount { lanes[index] &+= other[index] }
    }
}

/// A change to a leaf counter row, added to whatever the store holds (deltas are additive).
public typealias LeafCounterDelta = LeafCounterRow
