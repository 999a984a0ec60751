/// An alert message of topic `indicators.alerts.v1` (contract section 6). Aggregates only: it never
/// carries a subject id or any other per-person field.
public struct AlertMessage: Hashable, Sendable, Codable {
    /// The area the alert is about.
    public struct AreaRef: Hashable, Sendable, Codable {
        /// The area code.
        public let code: String
        /// The area's name from the registry.
        public let name: String
        /// The area's level name from the registry.
        public let level: String

        /// An area reference.
        public init(code: String, name: String, level: String) {
            self.code = code
            self.name = name
            self.level = level
        }
    }

    /// `indicator|areaCode|period`: the Kafka key.
    public let alertId: String
    /// +1 at every transition of this alert id (consumers drop a repeated (alertId, sequence)).
    public let sequence: Int
    /// `firing` or `resolved`.
    public let status: AlertStatus
    /// `warning` (at_risk) or `critical` (breach); for `resolved`, the severity that was firing.
    public let severity: AlertSeverity
    /// The indicator id.
    public let indicator: IndicatorID
    /// Vietnamese and English names.
    public let indicatorName: IndicatorName
    /// The area.
    public let area: AreaRef
    /// Year, quarter or month.
    public let period: Period
    /// The row's value (unrounded; `nil` when undefined).
    public let value: Double?
    /// Lower 95% bound (`nil` when undefined or for counts).
    public let lower: Double?
    /// Upper 95% bound (`nil` when undefined or for counts).
    public let upper: Double?
    /// The row's numerator (for counts, the count).
    public let numerator: Int64
    /// The row's denominator (`nil` for counts).
    public let denominator: Int64?
    /// The indicator's unit.
    public let unit: IndicatorUnit
    /// The effective target (`nil`: none, only in a resolved message).
    public let target: EffectiveTarget?
    /// RFC 3339 UTC.
    public let since: String
    /// RFC 3339 UTC.
    public let evaluatedAt: String

    /// A message from its fields (normally built by `AlertMachine`).
    public init(alertId: String, sequence: Int, status: AlertStatus, severity: AlertSeverity, indicator: IndicatorID,
                indicatorName: IndicatorName, area: AreaRef, period: Period, value: Double?, lower: Double?,
                upper: Double?, numerator: Int64, denominator: Int64?, unit: IndicatorUnit, target: EffectiveTarget?,
                since: String, evaluatedAt: String) {
        self.alertId = alertId
        self.sequence = sequence
        self.status = status
        self.severity = severity
        self.indicator = indicator
        self.indicatorName = indicatorName
        self.area = area
        self.period = period
        self.value = value
        self.lower = lower
        self.upper = upper
        self.numerator = numerator
        self.denominator = denominator
        self.unit = unit
        self.target = target
        self.since = since
        self.evaluatedAt = evaluatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case alertId, sequence, status, severity, indicator, indicatorName, area, period, value, lower, upper
        case numerator, denominator, unit, target, since, evaluatedAt
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alertId, forKey: .alertId)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(status, forKey: .status)
        try container.encode(severity, forKey: .severity)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(indicatorName, forKey: .indicatorName)
        try container.encode(area, forKey: .area)
        try container.encode(period, forKey: .period)
        try container.encode(value, forKey: .value)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encode(unit, forKey: .unit)
        try container.encode(target, forKey: .target)
        try container.encode(since, forKey: .since)
        try container.encode(evaluatedAt, forKey: .evaluatedAt)
    }

    /// The message as compact JSON (UTF-8), keys in the contract's order: the same message always gives
    /// the same bytes.
    public func jsonBytes() -> [UInt8] {
        var json = AlertJSONWriter()
        json.beginObject()
        json.key("alertId"); json.string(alertId)
        json.key("sequence"); json.integer(Int64(sequence))
        json.key("status"); json.string(status.rawValue)
        json.key("severity"); json.string(severity.rawValue)
        json.key("indicator"); json.string(indicator.rawValue)
        json.key("indicatorName"); json.beginObject()
        json.key("vi"); json.string(indicatorName.vi)
        json.key("en"); json.string(indicatorName.en)
        json.endObject()
        json.key("area"); json.beginObject()
        json.key("code"); json.string(area.code)
        json.key("name"); json.string(area.name)
        json.key("level"); json.string(area.level)
        json.endObject()
        json.key("period"); json.string(period.description)
        json.key("value"); json.number(value)
        json.key("lower"); json.number(lower)
        json.key("upper"); json.number(upper)
        json.key("numerator"); json.integer(numerator)
        json.key("denominator"); denominator.map { json.integer($0) } ?? json.null()
        json.key("unit"); json.string(unit.rawValue)
        json.key("target"); json.target(target)
        json.key("since"); json.string(since)
        json.key("evaluatedAt"); json.string(evaluatedAt)
        json.endObject()
        return json.bytes
    }
}
