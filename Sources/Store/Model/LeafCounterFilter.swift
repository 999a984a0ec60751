/// Which leaf counter rows to read. Every `nil` part matches everything; an empty set matches nothing.
public struct LeafCounterFilter: Hashable, Sendable {
    /// Only these kinds.
    public var kinds: Set<String>?
    /// Only this area map.
    public var map: String?
    /// Only these lowest-level area codes (on `map`, or on any map when `map` is `nil`).
    public var areas: Set<String>?
    /// Only these periods (``LeafCounterKey/period`` values).
    public var periods: Set<Int32>?

    /// Creates a filter; with no arguments it matches every row.
    public init(kinds: Set<String>? = nil, map: String? = nil, areas: Set<String>? = nil, periods: Set<Int32>? = nil) {
        self.kinds = kinds
        self.map = map
        self.areas = areas
        self.periods = periods
    }

    /// Every stored row.
    public static let all = LeafCounterFilter()

    /// True when the filter can match no row at all (callers may skip the read).
    public var matchesNothing: Bool {
        kinds?.isEmpty == true || areas?.isEmpty == true || periods?.isEmpty == true
    }
}
