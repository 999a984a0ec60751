/// One aggregate row: an indicator in an area over a period.
public struct AggregateKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The indicator.
    public var indicator: IndicatorID
    /// The area code (any level).
    public var area: String
    /// Year, quarter or month.
    public var period: Period

    /// A row key.
    public init(indicator: IndicatorID, area: String, period: Period) {
        self.indicator = indicator
        self.area = area
        self.period = period
    }

    /// `indicator|area|period`, the contract's alert id of this row.
    public var alertId: String { indicator.rawValue + "|" + area + "|" + period.description }

    /// The alert id form.
    public var description: String { alertId }

    /// Order by indicator (catalog order), then area code, then period.
    public static func < (lhs: AggregateKey, rhs: AggregateKey) -> Bool {
        if lhs.indicator != rhs.indicator { return lhs.indicator.ordinal < rhs.indicator.ordinal }
        if lhs.area != rhs.area { return lhs.area < rhs.area }
        return lhs.period < rhs.period
    }
}
