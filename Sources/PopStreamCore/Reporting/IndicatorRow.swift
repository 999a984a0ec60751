/// One row of `popstream report --format json` (interfaces spec): an indicator in an area over a period,
/// with its counters, value and 95% interval (unrounded; `null` when undefined), unit, target and status.
///
/// Encodes every key, `null` included, in the spec's order; then `"exact": false` on a row that includes
/// figures attributed across a split or merged area, and `"spans"` on a row of a plan area that the
/// map it is read on no longer has (docs/areas.md).
public struct IndicatorRow: Hashable, Sendable, Codable {
    /// The indicator id.
    public let indicator: IndicatorID
    /// The area code.
    public let area: String
    /// The area's name from the registry.
    public let areaName: String
    /// The area's level name from the registry (`national`, `province`, `district`, `commune`...).
    public let level: String
    /// Year, quarter or month.
    public let period: Period
    /// For counts, the count.
    public let numerator: Int64
    /// `nil` for counts.
    public let denominator: Int64?
    /// Unrounded value; `nil` when undefined.
    public let value: Double?
    /// Lower 95% bound; `nil` when undefined or for counts.
    public let lower: Double?
    /// Upper 95% bound; `nil` when undefined or for counts.
    public let upper: Double?
    /// `%`, `boys per 100 girls` or `count`.
    public let unit: IndicatorUnit
    /// The effective target of the period, `nil` when none.
    public let target: EffectiveTarget?
    /// ok, at_risk, breach, insufficient_data or no_target.
    public let status: IndicatorStatus
    /// False when the row includes figures carried from another map by an approximate attribution.
    public var exact = true
    /// For an area of an earlier map read on a later one (an old district): the areas that now cover it.
    public var spans: [String]?

    /// A row from its fields (normally built by `IndicatorEvaluator`).
    public init(indicator: IndicatorID, area: String, areaName: String, level: String, period: Period,
                numerator: Int64, denominator: Int64?, value: Double?, lower: Double?, upper: Double?,
                unit: IndicatorUnit, target: EffectiveTarget?, status: IndicatorStatus) {
        self.indicator = indicator
        self.area = area
        self.areaName = areaName
        self.level = level
        self.period = period
        self.numerator = numerator
        self.denominator = denominator
        self.value = value
        self.lower = lower
        self.upper = upper
        self.unit = unit
        self.target = target
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case indicator, area, areaName, level, period, numerator, denominator, value, lower, upper, unit, target, status
        case exact, spans
    }

    /// Reads the keys ``encode(to:)`` writes (`exact` and `spans` optional).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(indicator: try container.decode(IndicatorID.self, forKey: .indicator),
                  area: try container.decode(String.self, forKey: .area),
                  areaName: try container.decode(String.self, forKey: .areaName),
                  level: try container.decode(String.self, forKey: .level),
                  period: try container.decode(Period.self, forKey: .period),
                  numerator: try container.decode(Int64.self, forKey: .numerator),
                  denominator: try container.decodeIfPresent(Int64.self, forKey: .denominator),
                  value: try container.decodeIfPresent(Double.self, forKey: .value),
                  lower: try container.decodeIfPresent(Double.self, forKey: .lower),
                  upper: try container.decodeIfPresent(Double.self, forKey: .upper),
                  unit: try container.decode(IndicatorUnit.self, forKey: .unit),
                  target: try container.decodeIfPresent(EffectiveTarget.self, forKey: .target),
                  status: try container.decode(IndicatorStatus.self, forKey: .status))
        exact = try container.decodeIfPresent(Bool.self, forKey: .exact) ?? true
        spans = try container.decodeIfPresent([String].self, forKey: .spans)
    }

    /// Writes all thirteen keys; absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(area, forKey: .area)
        try container.encode(areaName, forKey: .areaName)
        try container.encode(level, forKey: .level)
        try container.encode(period, forKey: .period)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encode(value, forKey: .value)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
        try container.encode(unit, forKey: .unit)
        try container.encode(target, forKey: .target)
        try container.encode(status, forKey: .status)
        if !exact { try container.encode(exact, forKey: .exact) }
        try container.encodeIfPresent(spans, forKey: .spans)
    }

    /// The row's alert id, `indicator|area|period`.
    public var key: AggregateKey { AggregateKey(indicator: indicator, area: area, period: period) }
}
