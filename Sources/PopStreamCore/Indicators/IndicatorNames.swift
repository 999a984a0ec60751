/// An indicator's name in Vietnamese and English.
public struct IndicatorName: Hashable, Sendable, Codable {
    /// Vietnamese name.
    public let vi: String
    /// English name.
    public let en: String

    /// A name in both languages.
    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    /// The name in `language` (`vi` or `en`); English for anything else.
    public func text(language: String) -> String { language == "vi" ? vi : en }
}

extension IndicatorID {
    /// The indicator's Vietnamese and English names.
    public var name: IndicatorName {
        switch self {
        case .prenatalScreeningCoverage:
            IndicatorName(vi: "Tỷ lệ phụ nữ mang thai được tầm soát ít nhất 4 bệnh tật bẩm sinh phổ biến nhất",
                          en: "Pregnant women screened for at least the 4 most common congenital conditions")
        case .prenatalHighRiskRate:
            IndicatorName(vi: "Tỷ lệ thai phụ có kết quả sàng lọc trước sinh nguy cơ cao",
                          en: "Screened pregnancies with a high-risk prenatal screening result")
        case .newbornScreeningCoverage:
            IndicatorName(vi: "Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất",
                          en: "Newborns screened for at least the 5 most common congenital conditions")
        case .newbornPositiveRate:
            IndicatorName(vi: "Tỷ lệ trẻ sơ sinh có kết quả sàng lọc dương tính",
                          en: "Screened newborns with a positive screening result")
        case .sexRatioAtBirth:
            IndicatorName(vi: "Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái)",
                          en: "Sex ratio at birth (boys per 100 girls)")
        case .premaritalCheckupCoverage:
            IndicatorName(vi: "Tỷ lệ nam, nữ thanh niên được tư vấn, khám sức khỏe trước khi kết hôn",
                          en: "Young men and women counseled and examined before marriage")
        case .childMarriageRate:
            IndicatorName(vi: "Tỷ lệ cặp tảo hôn",
                          en: "Child marriage rate (share of couples)")
        case .childMarriageCount:
            IndicatorName(vi: "Số cặp tảo hôn",
                          en: "Number of child marriages")
        case .consanguineousMarriageRate:
            IndicatorName(vi: "Tỷ lệ cặp kết hôn cận huyết thống",
                          en: "Consanguineous marriage rate (share of couples)")
        case .consanguineousMarriageCount:
            IndicatorName(vi: "Số cặp kết hôn cận huyết thống",
                          en: "Number of consanguineous marriages")
        case .elderlyInsuranceCoverage:
            IndicatorName(vi: "Tỷ lệ người cao tuổi có thẻ bảo hiểm y tế",
                          en: "Elderly people with health insurance")
        case .elderlyHealthManagementCoverage:
            IndicatorName(vi: "Tỷ lệ người cao tuổi được quản lý sức khỏe (có hồ sơ sức khỏe)",
                          en: "Elderly people whose health is managed (health record kept)")
        case .elderlyAnnualCheckupCoverage:
            IndicatorName(vi: "Tỷ lệ người cao tuổi được khám sức khỏe ít nhất một lần trong năm",
                          en: "Elderly people with at least one health checkup this year")
        case .elderlyFullCareCoverage:
            IndicatorName(vi: "Tỷ lệ người cao tuổi có bảo hiểm y tế, được quản lý sức khỏe và khám sức khỏe định kỳ",
                          en: "Elderly people insured, with a health record and at least one checkup this year")
        }
    }
}
