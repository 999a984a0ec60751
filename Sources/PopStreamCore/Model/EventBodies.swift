/// `prenatal-screening`: one pregnancy.
public struct PrenatalScreening: Sendable, Equatable {
    /// Anchor date: first antenatal registration of the pregnancy.
    public var registeredOn: LocalDate
    public var motherBirthYear: Int?
    public var ethnicity: String?
    /// Result per condition; a condition absent from the event is `.notScreened` here (all four are present).
    public var screenings: PrenatalScreeningResults

    public init(registeredOn: LocalDate, motherBirthYear: Int? = nil, ethnicity: String? = nil,
                screenings: PrenatalScreeningResults) {
        self.registeredOn = registeredOn
        self.motherBirthYear = motherBirthYear
        self.ethnicity = ethnicity
        self.screenings = screenings
    }
}

public enum PrenatalCondition: String, CaseIterable, Hashable, Sendable, Codable {
    case downSyndrome = "down_syndrome"
    case edwardsSyndrome = "edwards_syndrome"
    case patauSyndrome = "patau_syndrome"
    case thalassemia = "thalassemia"
}

public enum PrenatalResult: String, CaseIterable, Hashable, Sendable, Codable {
    case lowRisk = "low_risk"
    case highRisk = "high_risk"
    case notScreened = "not_screened"
}

/// `newborn-screening`: one live birth.
public struct NewbornScreening: Sendable, Equatable {
    /// Anchor date.
    public var birthDate: LocalDate
    public var sex: NewbornSex
    public var birthWeightGrams: Int?
    public var ethnicity: String?
    /// Result per condition; all five are present (absent in the event = `.notScreened`).
    public var screenings: NewbornScreeningResults

    public init(birthDate: LocalDate, sex: NewbornSex, birthWeightGrams: Int? = nil, ethnicity: String? = nil,
                screenings: NewbornScreeningResults) {
        self.birthDate = birthDate
        self.sex = sex
        self.birthWeightGrams = birthWeightGrams
        self.ethnicity = ethnicity
        self.screenings = screenings
    }
}

public enum NewbornSex: String, CaseIterable, Hashable, Sendable, Codable {
    case male, female, undetermined
}

public enum NewbornCondition: String, CaseIterable, Hashable, Sendable, Codable {
    case congenitalHypothyroidism = "congenital_hypothyroidism"
    case g6pdDeficiency = "g6pd_deficiency"
    case congenitalAdrenalHyperplasia = "congenital_adrenal_hyperplasia"
    case hearingLoss = "hearing_loss"
    case congenitalHeartDisease = "congenital_heart_disease"
}

public enum NewbornResult: String, CaseIterable, Hashable, Sendable, Codable {
    case negative, positive
    case notScreened = "not_screened"
}

/// `premarital-checkup`: one couple registering a marriage.
public struct PremaritalCheckup: Sendable, Equatable {
    /// Anchor date: marriage registration date.
    public var registeredOn: LocalDate
    /// Exactly two partners.
    public var partners: [Partner]
    public var consanguineous: Bool

    public init(registeredOn: LocalDate, partners: [Partner], consanguineous: Bool) {
        self.registeredOn = registeredOn
        self.partners = partners
        self.consanguineous = consanguineous
    }

    public struct Partner: Sendable, Equatable {
        public var sex: PartnerSex
        public var birthDate: LocalDate
        public var checkup: PremaritalCheckupLevel
        public var ethnicity: String?

        public init(sex: PartnerSex, birthDate: LocalDate, checkup: PremaritalCheckupLevel, ethnicity: String? = nil) {
            self.sex = sex
            self.birthDate = birthDate
            self.checkup = checkup
            self.ethnicity = ethnicity
        }

        /// Legal marriage age (Law on Marriage and Family 2014, art. 8): men 20, women 18 full years.
        public var legalMarriageAge: Int { sex == .male ? 20 : 18 }

        /// True when this partner has not reached the legal marriage age on `date`.
        public func isUnderLegalAge(on date: LocalDate) -> Bool { birthDate.age(on: date) < legalMarriageAge }
    }

    /// A child marriage: a partner under the legal marriage age on `registeredOn`.
    public var isChildMarriage: Bool { partners.contains { $0.isUnderLegalAge(on: registeredOn) } }
}

public enum PartnerSex: String, CaseIterable, Hashable, Sendable, Codable {
    case male, female
}

public enum PremaritalCheckupLevel: String, CaseIterable, Hashable, Sendable, Codable {
    case none
    case counseling
    case counselingAndExamination = "counseling_and_examination"
}

/// `elderly-record`: one person in one reporting year (the year is in the envelope's `reportingYear`).
public struct ElderlyRecord: Sendable, Equatable {
    public var reportingYear: Int
    public var birthDate: LocalDate
    public var sex: PartnerSex
    public var hasHealthInsurance: Bool
    public var hasHealthRecord: Bool
    public var checkupsThisYear: Int
    public var careSetting: CareSetting

    public init(reportingYear: Int, birthDate: LocalDate, sex: PartnerSex, hasHealthInsurance: Bool,
                hasHealthRecord: Bool, checkupsThisYear: Int, careSetting: CareSetting) {
        self.reportingYear = reportingYear
        self.birthDate = birthDate
        self.sex = sex
        self.hasHealthInsurance = hasHealthInsurance
        self.hasHealthRecord = hasHealthRecord
        self.checkupsThisYear = checkupsThisYear
        self.careSetting = careSetting
    }
}

public enum CareSetting: String, CaseIterable, Hashable, Sendable, Codable {
    case none, home, community, facility
}
