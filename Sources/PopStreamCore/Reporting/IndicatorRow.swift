/// One row of `popstream report --format json` (interfaces spec): an indicator in an area over a period,
/// with its counters, value and 95% interval (unrounded; `null` when undefined), unit, target and status.
///
/// Encodes every key, `null` included, in the spec's order.
public struct IndicatorRow: Hashable, Sendable, Codable {
    public let indicator: IndicatorID
    public let area: String
    public let areaName: String
    /// The area's level name from the registry (`national`, `province`, `district`, `commune`...).
    public let level: String
    public let period: Period
    /// For counts, the count.
    public let numerator: Int64
    /// `nil` for counts.
    public let denominator: Int64?
    public let value: Double?
    public let lower: Double?
    public let upper: Double?
    public let unit: IndicatorUnit
    public let target: EffectiveTarget?
    public let status: IndicatorStatus

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
    }

    /// The row's alert id, `indicator|area|period`.
    public var key: AggregateKey { AggregateKey(indicator: indicator, area: area, period: period) }
}
