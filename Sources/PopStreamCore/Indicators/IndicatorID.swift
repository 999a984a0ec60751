/// The 14 indicators of the contract (section 5); the raw value is the contract's id.
public enum IndicatorID: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case prenatalScreeningCoverage = "prenatal_screening_coverage"
    case prenatalHighRiskRate = "prenatal_high_risk_rate"
    case newbornScreeningCoverage = "newborn_screening_coverage"
    case newbornPositiveRate = "newborn_positive_rate"
    case sexRatioAtBirth = "sex_ratio_at_birth"
    case premaritalCheckupCoverage = "premarital_checkup_coverage"
    case childMarriageRate = "child_marriage_rate"
    case childMarriageCount = "child_marriage_count"
    case consanguineousMarriageRate = "consanguineous_marriage_rate"
    case consanguineousMarriageCount = "consanguineous_marriage_count"
    case elderlyInsuranceCoverage = "elderly_insurance_coverage"
    case elderlyHealthManagementCoverage = "elderly_health_management_coverage"
    case elderlyAnnualCheckupCoverage = "elderly_annual_checkup_coverage"
    case elderlyFullCareCoverage = "elderly_full_care_coverage"

    /// The contract id.
    public var description: String { rawValue }

    /// The event kind whose units this indicator counts.
    public var kind: EventKind {
        switch self {
        case .prenatalScreeningCoverage, .prenatalHighRiskRate: .prenatalScreening
        case .newbornScreeningCoverage, .newbornPositiveRate, .sexRatioAtBirth: .newbornScreening
        case .premaritalCheckupCoverage, .childMarriageRate, .childMarriageCount,
             .consanguineousMarriageRate, .consanguineousMarriageCount: .premaritalCheckup
        case .elderlyInsuranceCoverage, .elderlyHealthManagementCoverage,
             .elderlyAnnualCheckupCoverage, .elderlyFullCareCoverage: .elderlyRecord
        }
    }

    /// What the value is: a percentage, the sex ratio, or a count.
    public var measure: IndicatorMeasure {
        switch self {
        case .sexRatioAtBirth: .ratio
        case .childMarriageCount, .consanguineousMarriageCount: .count
        default: .proportion
        }
    }

    /// The unit shown in reports and alerts.
    public var unit: IndicatorUnit { measure.unit }

    /// True when a `reduce_by_pct` target is allowed: the contract's "count and rate indicators only"
    /// (section 6), that is the proportions whose id ends in `_rate` (prenatal high risk, newborn positive,
    /// child marriage, consanguineous marriage) and the two `_count` indicators. Refused on the coverages
    /// (their goals are increases, not reductions from a baseline) and on `sex_ratio_at_birth`, a ratio
    /// (boys per 100 girls, "tỷ số" rather than "tỷ lệ"), whose goals are ceilings near the natural ratio:
    /// a percent reduction of it has no meaning. See docs/indicators.md, "Targets file".
    public var allowsReduction: Bool {
        switch self {
        case .prenatalHighRiskRate, .newbornPositiveRate, .childMarriageRate, .consanguineousMarriageRate,
             .childMarriageCount, .consanguineousMarriageCount:
            true
        case .prenatalScreeningCoverage, .newbornScreeningCoverage, .sexRatioAtBirth, .premaritalCheckupCoverage,
             .elderlyInsuranceCoverage, .elderlyHealthManagementCoverage, .elderlyAnnualCheckupCoverage,
             .elderlyFullCareCoverage:
            false
        }
    }

    /// The indicators of one kind, in catalog order; `slot` is the position in this list.
    public static func indicators(of kind: EventKind) -> [IndicatorID] {
        switch kind {
        case .prenatalScreening: prenatal
        case .newbornScreening: newborn
        case .premaritalCheckup: premarital
        case .elderlyRecord: elderly
        }
    }

    private static let prenatal: [IndicatorID] = [.prenatalScreeningCoverage, .prenatalHighRiskRate]
    private static let newborn: [IndicatorID] = [.newbornScreeningCoverage, .newbornPositiveRate, .sexRatioAtBirth]
    private static let premarital: [IndicatorID] = [.premaritalCheckupCoverage, .childMarriageRate, .childMarriageCount,
                                                    .consanguineousMarriageRate, .consanguineousMarriageCount]
    private static let elderly: [IndicatorID] = [.elderlyInsuranceCoverage, .elderlyHealthManagementCoverage,
                                                 .elderlyAnnualCheckupCoverage, .elderlyFullCareCoverage]

    /// The number of indicators of a kind, without building the list (hot path).
    static func count(of kind: EventKind) -> Int {
        switch kind {
        case .prenatalScreening: 2
        case .newbornScreening: 3
        case .premaritalCheckup: 5
        case .elderlyRecord: 4
        }
    }

    /// The largest number of indicators of one kind (premarital: 5).
    static let maxPerKind = 5

    /// Position of this indicator within its kind (see `indicators(of:)`).
    public var slot: Int {
        switch self {
        case .prenatalScreeningCoverage, .newbornScreeningCoverage, .premaritalCheckupCoverage, .elderlyInsuranceCoverage: 0
        case .prenatalHighRiskRate, .newbornPositiveRate, .childMarriageRate, .elderlyHealthManagementCoverage: 1
        case .sexRatioAtBirth, .childMarriageCount, .elderlyAnnualCheckupCoverage: 2
        case .consanguineousMarriageRate, .elderlyFullCareCoverage: 3
        case .consanguineousMarriageCount: 4
        }
    }

    /// True for yearly-only indicators (the elderly person-years).
    public var isYearlyOnly: Bool { kind == .elderlyRecord }
}

/// How an indicator's value is computed from its counters.
public enum IndicatorMeasure: String, Hashable, Sendable, Codable {
    /// `100 * numerator / denominator`, with a Wilson interval.
    case proportion
    /// Sex ratio at birth: `100 * male / female`, interval of `p = male / (male + female)` mapped.
    case ratio
    /// A number of units (the numerator); no denominator, no interval.
    case count

    /// The unit of values of this measure.
    public var unit: IndicatorUnit {
        switch self {
        case .proportion: .percent
        case .ratio: .boysPer100Girls
        case .count: .count
        }
    }
}

/// The unit of an indicator's value; the raw value is what reports and alerts show.
public enum IndicatorUnit: String, Hashable, Sendable, Codable {
    case percent = "%"
    case boysPer100Girls = "boys per 100 girls"
    case count = "count"
}
