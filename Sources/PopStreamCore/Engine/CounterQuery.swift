/// Which rolled-up counter rows to read: an area subtree, a level, periods and an indicator.
/// Every `nil` part matches everything.
public struct CounterQuery: Hashable, Sendable {
    /// The root of the area subtree: this area and everything below it.
    public var area: String?
    /// Only areas at this level (a level name of the registry, e.g. `commune`).
    public var level: String?
    /// Only this period.
    public var period: Period?
    /// Only periods of this year: the year itself, its quarters and its months.
    public var year: Int?
    /// Only this indicator.
    public var indicator: IndicatorID?

    /// A query; with no arguments it matches every row.
    public init(area: String? = nil, level: String? = nil, period: Period? = nil, year: Int? = nil, indicator: IndicatorID? = nil) {
        self.area = area
        self.level = level
        self.period = period
        self.year = year
        self.indicator = indicator
    }

    /// Every row.
    public static let all = CounterQuery()

    /// Whether rows of `period` pass the period parts.
    public func matches(_ period: Period) -> Bool {
        (self.period.map { $0 == period } ?? true) && (year.map { $0 == period.year } ?? true)
    }

    /// The leaf period numbers (``LeafKey/periodNumber``) whose rows can count in a matching period,
    /// or `nil` for every period.
    var leafPeriodNumbers: Set<Int32>? {
        var years: Set<Int>?
        var months: Set<Int>?
        if let year { years = [year] }
        if let period {
            if let years, !years.contains(period.year) { return [] }
            years = [period.year]
            switch period.granularity {
            case .year: break
            case .quarter: months = Set(((period.index - 1) * 3 + 1)...(period.index * 3))
            case .month: months = [period.index]
            }
        }
        guard let years else { return nil }
        var numbers: Set<Int32> = []
        for year in years {
            // The yearly-only row (month 0) counts in the year alone.
            if months == nil { numbers.insert(Int32(year * 100)) }
            for month in months ?? Set(1...12) { numbers.insert(Int32(year * 100 + month)) }
        }
        return numbers
    }
}
