import PopStreamCore

/// Builds the kind fields of simulated events from `EventRates`, with realistic identities (ages, sexes,
/// ethnicity) that revisions keep.
struct EventBodyFactory {
    /// Ethnicity codes of the statistics office: 01 Kinh, then minorities (02 Tày, 03 Thái, 06 Mường,
    /// 07 Nùng, 08 Mông, 09 Dao).
    static let minorityCodes = ["02", "03", "06", "07", "08", "09"]

    let registry: AreaRegistry
    let reference: AreaReferenceData

    /// An optional ethnicity code for a person living in `area` (absent one time in ten).
    func ethnicity(area: String, _ random: inout SimulationRandom) -> String? {
        if random.chance(0.1) { return nil }
        let share = registry.selfAndAncestors(of: area).lazy.compactMap { reference.kinhShare[$0] }.first
            ?? AreaReferenceData.defaultKinhShare
        return random.chance(share) ? "01" : random.element(of: Self.minorityCodes)
    }

    /// A birth date making someone exactly `age` full years old on `date`.
    static func birthDate(age: Int, on date: LocalDate, _ random: inout SimulationRandom) -> LocalDate {
        let anniversary = LocalDate(year: date.year - age, month: date.month, day: min(date.day, 28))
            ?? LocalDate(year: date.year - age, month: 1, day: 1) ?? date
        // Up to 360 days before the anniversary: still `age` full years on `date` (a year has 365 days or more).
        return anniversary.adding(days: -random.below(360)) ?? anniversary
    }

    // MARK: - Kinds

    func newborn(on date: LocalDate, area: String, rates: EventRates, keeping previous: NewbornScreening?,
                 _ random: inout SimulationRandom) -> NewbornScreening {
        let sex: NewbornSex = previous?.sex ?? (random.chance(rates.undeterminedSex)
            ? .undetermined : (rates.decide(.sexRatioAtBirth, rates.maleBirth, &random) ? .male : .female))
        let weight = previous?.birthWeightGrams ?? (random.chance(0.9) ? 2_400 + random.below(1_800) : nil)
        let ethnicity = previous == nil ? self.ethnicity(area: area, &random) : previous?.ethnicity
        let conditions = NewbornCondition.allCases
        let full = rates.decide(.newbornScreeningCoverage, rates.newbornFullScreening, &random)
        let skipped = full ? -1 : random.below(conditions.count)
        let positive = rates.decide(.newbornPositiveRate, rates.newbornPositive, &random)
        let positiveAt = random.below(conditions.count)
        var screenings = NewbornScreeningResults()
        for (index, condition) in conditions.enumerated() {
            if index == skipped || (!full && random.chance(0.3)) {
                screenings[condition] = .notScreened
            } else {
                screenings[condition] = .negative
            }
        }
        if positive {
            // On a screened condition, so that the birth counts as screened and positive.
            let screened = conditions.indices.filter { screenings[conditions[$0]] != .notScreened }
            if !screened.isEmpty { screenings[conditions[screened[positiveAt % screened.count]]] = .positive }
        }
        return NewbornScreening(birthDate: date, sex: sex, birthWeightGrams: weight, ethnicity: ethnicity,
                                screenings: screenings)
    }

    func prenatal(on date: LocalDate, area: String, rates: EventRates, keeping previous: PrenatalScreening?,
                  _ random: inout SimulationRandom) -> PrenatalScreening {
        let motherBirthYear = previous?.motherBirthYear ?? (date.year - 18 - random.below(25))
        let ethnicity = previous == nil ? self.ethnicity(area: area, &random) : previous?.ethnicity
        let conditions = PrenatalCondition.allCases
        let full = rates.decide(.prenatalScreeningCoverage, rates.prenatalFullScreening, &random)
        let skipped = full ? -1 : random.below(conditions.count)
        let highRisk = rates.decide(.prenatalHighRiskRate, rates.prenatalHighRisk, &random)
        let highRiskAt = random.below(conditions.count)
        var screenings = PrenatalScreeningResults()
        for (index, condition) in conditions.enumerated() {
            screenings[condition] = index == skipped || (!full && random.chance(0.3)) ? .notScreened : .lowRisk
        }
        if highRisk {
            let screened = conditions.indices.filter { screenings[conditions[$0]] != .notScreened }
            if !screened.isEmpty { screenings[conditions[screened[highRiskAt % screened.count]]] = .highRisk }
        }
        return PrenatalScreening(registeredOn: date, motherBirthYear: motherBirthYear, ethnicity: ethnicity,
                                 screenings: screenings)
    }

    func premarital(on date: LocalDate, area: String, rates: EventRates, keeping previous: PremaritalCheckup?,
                    _ random: inout SimulationRandom) -> PremaritalCheckup {
        let child = rates.decide(.childMarriageRate, rates.childMarriage, &random)
        let consanguineous = previous?.consanguineous ?? rates.decide(.consanguineousMarriageRate, rates.consanguineous, &random)
        let childPartner = random.below(4) == 0 ? PartnerSex.male : .female
        let partners = [PartnerSex.male, .female].enumerated().map { index, sex in
            let checkup: PremaritalCheckupLevel = rates.decide(.premaritalCheckupCoverage, rates.premaritalExamination, &random)
                ? .counselingAndExamination : (random.chance(0.6) ? .counseling : .none)
            if let kept = previous?.partners[index] {
                // Same person: the birth date may only be kept if it still fits the registration date.
                let birthDate = kept.birthDate < date ? kept.birthDate : Self.birthDate(age: 25, on: date, &random)
                return PremaritalCheckup.Partner(sex: kept.sex, birthDate: birthDate, checkup: checkup, ethnicity: kept.ethnicity)
            }
            let legal = sex == .male ? 20 : 18
            let age = child && sex == childPartner ? legal - 1 - random.below(2) : legal + random.below(sex == .male ? 16 : 14)
            return PremaritalCheckup.Partner(sex: sex, birthDate: Self.birthDate(age: age, on: date, &random),
                                             checkup: checkup, ethnicity: ethnicity(area: area, &random))
        }
        return PremaritalCheckup(registeredOn: date, partners: partners, consanguineous: consanguineous)
    }

    func elderly(year: Int, today: LocalDate, area: String, rates: EventRates, keeping previous: ElderlyRecord?,
                 _ random: inout SimulationRandom) -> ElderlyRecord {
        let birthDate = previous?.birthDate
            ?? Self.birthDate(age: 61 + random.below(30), on: LocalDate(year: year, month: 12, day: 31) ?? today, &random)
        let sex = previous?.sex ?? (random.chance(0.55) ? PartnerSex.female : .male)
        var insured = true, recorded = true, checked = true
        if !rates.decide(.elderlyFullCareCoverage, rates.elderlyFullCare, &random) {
            let missing = random.below(3)
            insured = missing != 0 && random.chance(0.5)
            recorded = missing != 1 && random.chance(0.5)
            checked = missing != 2 && random.chance(0.5)
        }
        if let share = rates.elderlyInsurance { insured = rates.decide(.elderlyInsuranceCoverage, share, &random) }
        if let share = rates.elderlyHealthRecord { recorded = rates.decide(.elderlyHealthManagementCoverage, share, &random) }
        if let share = rates.elderlyCheckup { checked = rates.decide(.elderlyAnnualCheckupCoverage, share, &random) }
        let settings: [CareSetting] = [.home, .home, .community, .facility]
        return ElderlyRecord(reportingYear: year, birthDate: birthDate, sex: sex, hasHealthInsurance: insured,
                             hasHealthRecord: recorded, checkupsThisYear: checked ? 1 + random.below(3) : 0,
                             careSetting: recorded ? random.element(of: settings) : .none)
    }
}
