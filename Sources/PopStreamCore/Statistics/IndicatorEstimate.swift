/// An indicator's value and 95% interval in the indicator's unit, computed from its counters.
///
/// - Proportions: `100 k / n` and the Wilson interval of `k / n`, times 100.
/// - `sex_ratio_at_birth` (numerator = male, denominator = female births): `100 m / f`, and the Wilson
///   interval of `p = m / (m + f)` mapped through `100 p / (1 − p)`. When `f = 0` the ratio and the upper
///   bound are infinite: all three are `nil` (the contract's "undefined, zero denominator").
/// - Counts: value = the count, no interval.
public struct IndicatorEstimate: Hashable, Sendable {
    /// The value in the indicator's unit; `nil` when undefined.
    public let value: Double?
    /// Lower 95% bound; `nil` when undefined or for counts.
    public let lower: Double?
    /// Upper 95% bound; `nil` when undefined or for counts.
    public let upper: Double?

    /// An estimate from its parts.
    public init(value: Double?, lower: Double?, upper: Double?) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }

    /// The estimate of `indicator` from its counters.
    public init(indicator: IndicatorID, numerator: Int64, denominator: Int64) {
        switch indicator.measure {
        case .count:
            self.init(value: Double(numerator), lower: nil, upper: nil)
        case .proportion:
            guard let interval = WilsonInterval(successes: numerator, trials: denominator) else {
                self.init(value: nil, lower: nil, upper: nil)
                return
            }
            self.init(value: 100 * Double(numerator) / Double(denominator),
                      lower: 100 * interval.lower, upper: 100 * interval.upper)
        case .ratio:
            self = IndicatorEstimate.sexRatio(male: numerator, female: denominator)
        }
    }

    /// Sex ratio at birth (boys per 100 girls) with its mapped Wilson interval; all `nil` when `female` is 0.
    public static func sexRatio(male: Int64, female: Int64) -> IndicatorEstimate {
        guard female > 0, male >= 0,
              let interval = WilsonInterval(successes: male, trials: male + female)
        else { return IndicatorEstimate(value: nil, lower: nil, upper: nil) }
        return IndicatorEstimate(value: 100 * Double(male) / Double(female),
                                 lower: ratio(fromProportion: interval.lower),
                                 upper: ratio(fromProportion: interval.upper))
    }

    /// `100 p / (1 − p)`: the boys per 100 girls of a proportion `p` of boys (`p < 1`).
    public static func ratio(fromProportion p: Double) -> Double { 100 * p / (1 - p) }
}
