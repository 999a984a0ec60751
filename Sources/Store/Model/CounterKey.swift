/// Identifies one aggregate: an indicator in one area for one period.
///
/// The store treats the three parts as opaque strings; their meaning (indicator ids, area codes,
/// `YYYY` / `YYYY-Qn` / `YYYY-MM` periods) belongs to the domain.
public struct CounterKey: Hashable, Sendable, Comparable {
    /// The indicator id, e.g. `newborn_screening_coverage`.
    public var indicator: String
    /// The area code at any level of the registry.
    public var area: String
    /// The period text, e.g. `2025`, `2025-Q1` or `2025-03`.
    public var period: String

    /// Creates a key from its three parts.
    public init(indicator: String, area: String, period: String) {
        self.indicator = indicator
        self.area = area
        self.period = period
    }

    /// Orders by indicator, then area, then period: the order in which rows are written, so that
    /// concurrent writers take row locks in one global order and cannot deadlock each other.
    public static func < (lhs: CounterKey, rhs: CounterKey) -> Bool {
        (lhs.indicator, lhs.area, lhs.period) < (rhs.indicator, rhs.area, rhs.period)
    }
}
