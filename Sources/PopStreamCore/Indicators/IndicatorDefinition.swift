/// What an indicator counts, in words (English), for documentation, reports and the dashboard.
public struct IndicatorDefinition: Hashable, Sendable, Codable {
    /// What the numerator counts (for counts: what is counted).
    public let numerator: String
    /// What the denominator counts; `nil` for counts.
    public let denominator: String?
}

extension IndicatorID {
    /// The contract's numerator and denominator (section 5).
    public var definition: IndicatorDefinition {
        switch self {
        case .prenatalScreeningCoverage:
            IndicatorDefinition(numerator: "pregnancies with all 4 conditions screened", denominator: "pregnancies")
        case .prenatalHighRiskRate:
            IndicatorDefinition(numerator: "pregnancies with any high-risk result",
                                denominator: "pregnancies with at least one condition screened")
        case .newbornScreeningCoverage:
            IndicatorDefinition(numerator: "births with all 5 conditions screened", denominator: "live births")
        case .newbornPositiveRate:
            IndicatorDefinition(numerator: "births with any positive result",
                                denominator: "births with at least one condition screened")
        case .sexRatioAtBirth:
            IndicatorDefinition(numerator: "male births", denominator: "female births (undetermined sex in neither)")
        case .premaritalCheckupCoverage:
            IndicatorDefinition(numerator: "partners counseled and examined before marriage",
                                denominator: "partners of registered marriages (2 per couple)")
        case .childMarriageRate:
            IndicatorDefinition(numerator: "couples with a partner under the legal marriage age (men 20, women 18)",
                                denominator: "couples")
        case .childMarriageCount:
            IndicatorDefinition(numerator: "couples with a partner under the legal marriage age (men 20, women 18)",
                                denominator: nil)
        case .consanguineousMarriageRate:
            IndicatorDefinition(numerator: "couples related by blood within three generations", denominator: "couples")
        case .consanguineousMarriageCount:
            IndicatorDefinition(numerator: "couples related by blood within three generations", denominator: nil)
        case .elderlyInsuranceCoverage:
            IndicatorDefinition(numerator: "person-years with health insurance", denominator: "person-years aged 60+")
        case .elderlyHealthManagementCoverage:
            IndicatorDefinition(numerator: "person-years with a health record", denominator: "person-years aged 60+")
        case .elderlyAnnualCheckupCoverage:
            IndicatorDefinition(numerator: "person-years with at least one checkup", denominator: "person-years aged 60+")
        case .elderlyFullCareCoverage:
            IndicatorDefinition(numerator: "person-years insured, with a health record and at least one checkup",
                                denominator: "person-years aged 60+")
        }
    }
}
