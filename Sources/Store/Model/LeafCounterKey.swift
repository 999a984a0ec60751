/// Identifies one leaf counter row: the finest grain the store keeps.
///
/// One row per (kind, area map, lowest-level area, month), or per year for kinds counted yearly
/// only. Ancestor areas, quarters and years are sums of these rows, computed when read. The store
/// treats the parts as opaque; their meaning belongs to the domain.
public struct LeafCounterKey: Hashable, Sendable, Comparable {
    /// The event kind, e.g. `newborn-screening`.
    public var kind: String
    /// The area map the area code belongs to (codes are reused across maps).
    public var map: String
    /// The lowest-level area code on `map`.
    public var area: String
    /// `year * 100 + month` for a monthly row (e.g. `202503`), `year * 100` for a yearly-only row.
    public var period: Int32

    /// Creates a key from its parts.
    public init(kind: String, map: String, area: String, period: Int32) {
        self.kind = kind
        self.map = map
        self.area = area
        self.period = period
    }

    /// Orders by period, then kind, map and area: the order rows are written in (one lock order for
    /// every writer, and the current months' rows together).
    public static func < (lhs: LeafCounterKey, rhs: LeafCounterKey) -> Bool {
        (lhs.period, lhs.kind, lhs.map, lhs.area) < (rhs.period, rhs.kind, rhs.map, rhs.area)
    }

    /// The series part of the key (everything but the period).
    var series: LeafSeries { LeafSeries(kind: kind, map: map, area: area) }
}

/// A (kind, map, area) triple: stored once with an integer id that leaf rows refer to.
struct LeafSeries: Hashable, Sendable, Comparable {
    var kind: String
    var map: String
    var area: String

    static func < (lhs: LeafSeries, rhs: LeafSeries) -> Bool {
        (lhs.kind, lhs.map, lhs.area) < (rhs.kind, rhs.map, rhs.area)
    }
}
