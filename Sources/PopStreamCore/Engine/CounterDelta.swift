/// Integer counters of one aggregate row, or a change to them.
///
/// - `numerator`, `denominator`: the indicator's sums (for `sex_ratio_at_birth` male and female births;
///   for the count indicators the numerator is the count and the denominator the couples, not reported).
/// - `units`: live units of the indicator's kind counted in the row. A row exists while `units > 0`
///   (and may be kept with zeros after retractions), which is how rows with 0/0 counts exist, e.g. the
///   sex ratio of an area where only undetermined-sex births were recorded.
public struct CounterDelta: Hashable, Sendable, Codable {
    /// Change of (or total) numerator.
    public var numerator: Int64
    /// Change of (or total) denominator.
    public var denominator: Int64
    /// Change of (or total) live units counted in the row.
    public var units: Int64

    /// Counters or a change to them.
    public init(numerator: Int64, denominator: Int64, units: Int64 = 0) {
        self.numerator = numerator
        self.denominator = denominator
        self.units = units
    }

    /// No change / empty row.
    public static let zero = CounterDelta(numerator: 0, denominator: 0, units: 0)

    /// True when all three numbers are 0.
    public var isZero: Bool { numerator == 0 && denominator == 0 && units == 0 }

    /// Component-wise sum.
    public static func + (lhs: CounterDelta, rhs: CounterDelta) -> CounterDelta {
        CounterDelta(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator + rhs.denominator,
                     units: lhs.units + rhs.units)
    }

    /// Adds `rhs` in place.
    public static func += (lhs: inout CounterDelta, rhs: CounterDelta) { lhs = lhs + rhs }

    /// The opposite change.
    public static prefix func - (value: CounterDelta) -> CounterDelta {
        CounterDelta(numerator: -value.numerator, denominator: -value.denominator, units: -value.units)
    }
}

/// The running totals of a row have the same shape as a change to them.
public typealias IndicatorCounters = CounterDelta
