/// Which aggregates a report reads. Every `nil` part matches everything.
public struct CounterFilter: Hashable, Sendable {
    /// Only this indicator.
    public var indicator: String?
    /// Only these area codes (an empty set matches nothing).
    public var areas: Set<String>?
    /// Only this period.
    public var period: String?

    /// Creates a filter; with no arguments it matches every row.
    public init(indicator: String? = nil, areas: Set<String>? = nil, period: String? = nil) {
        self.indicator = indicator
        self.areas = areas
        self.period = period
    }

    /// Matches every stored aggregate.
    public static let all = CounterFilter()
}
