import PopStreamCore

/// The probabilities the simulator draws an event's fields with, for one area at one moment: the baseline
/// below, with the area's reference baselines and any scenario anomaly in force there applied
/// (`applying(_:value:)`).
///
/// An anomaly's indicator is not drawn at random but decided by the generator (`forced`), so that the
/// area's figure follows the anomaly's value closely from the first events (a quota, not a coin).
///
/// Baselines are chosen so that, at the default rates, the bundled national targets of the current year are
/// met (the anomalies of a scenario then stand out); see docs/simulator.md, "What the events look like".
struct EventRates: Sendable, Equatable {
    /// Probability that a determined newborn is a boy: 106 boys per 100 girls (the natural ratio).
    var maleBirth = 106.0 / 206.0
    /// Probability of an `undetermined` sex.
    var undeterminedSex = 0.001
    /// Probability that a birth has all 5 conditions screened.
    var newbornFullScreening = 0.88
    /// Probability that a screened birth has a `positive` result.
    var newbornPositive = 0.02
    /// Probability that a pregnancy has all 4 conditions screened.
    var prenatalFullScreening = 0.76
    /// Probability that a screened pregnancy has a `high_risk` result.
    var prenatalHighRisk = 0.04
    /// Probability that a partner had `counseling_and_examination`.
    var premaritalExamination = 0.97
    /// Probability that a couple has a partner under the legal age.
    var childMarriage = 0.02
    /// Probability that a couple is consanguineous.
    var consanguineous = 0.002
    /// Probability that an elderly person-year has insurance, a health record and a checkup together; the
    /// others miss each at random (at least one).
    var elderlyFullCare = 0.985
    /// When set by an anomaly: the probability of each elderly flag on its own.
    var elderlyInsurance: Double?
    var elderlyHealthRecord: Double?
    var elderlyCheckup: Double?
    /// Decisions taken by the generator for anomaly indicators (see `decide`).
    var forced: [IndicatorID: Bool] = [:]

    /// The baseline.
    static let baseline = EventRates()

    /// The indicators an anomaly may set, with the kind they act on.
    static let adjustable: [IndicatorID] = [
        .sexRatioAtBirth, .newbornScreeningCoverage, .newbornPositiveRate,
        .prenatalScreeningCoverage, .prenatalHighRiskRate,
        .premaritalCheckupCoverage, .childMarriageRate, .consanguineousMarriageRate,
        .elderlyInsuranceCoverage, .elderlyHealthManagementCoverage, .elderlyAnnualCheckupCoverage,
        .elderlyFullCareCoverage,
    ]

    /// The probability of the event-level outcome behind `indicator` held at `value` (a boy for a sex
    /// ratio, else the share).
    static func probability(of indicator: IndicatorID, value: Double) -> Double {
        indicator == .sexRatioAtBirth ? value / (100 + value) : min(1, max(0, value / 100))
    }

    /// The outcome behind `indicator`: the generator's decision when it took one, else a draw.
    func decide(_ indicator: IndicatorID, _ probability: Double, _ random: inout SimulationRandom) -> Bool {
        forced[indicator] ?? random.chance(probability)
    }

    /// The rates with `indicator` held at `value` (its unit: % or boys per 100 girls).
    func applying(_ indicator: IndicatorID, value: Double) -> EventRates {
        var rates = self
        let share = Self.probability(of: indicator, value: value)
        switch indicator {
        case .sexRatioAtBirth: rates.maleBirth = share
        case .newbornScreeningCoverage: rates.newbornFullScreening = share
        case .newbornPositiveRate: rates.newbornPositive = share
        case .prenatalScreeningCoverage: rates.prenatalFullScreening = share
        case .prenatalHighRiskRate: rates.prenatalHighRisk = share
        case .premaritalCheckupCoverage: rates.premaritalExamination = share
        case .childMarriageRate: rates.childMarriage = share
        case .consanguineousMarriageRate: rates.consanguineous = share
        case .elderlyInsuranceCoverage: rates.elderlyInsurance = share
        case .elderlyHealthManagementCoverage: rates.elderlyHealthRecord = share
        case .elderlyAnnualCheckupCoverage: rates.elderlyCheckup = share
        case .elderlyFullCareCoverage: rates.elderlyFullCare = share
        case .childMarriageCount, .consanguineousMarriageCount: break
        }
        return rates
    }
}

/// How the traffic divides between kinds and between new units and the rest.
enum TrafficMix {
    /// Relative volume of each kind's new units, per 1,000 people a year: about 15 registered pregnancies,
    /// 14 births, 7 marriages (couples); elderly records at 14, a sample of the roughly 140 person-years
    /// (people aged 60 and over are about 14% of the population) so that births stay a large part of the stream.
    static let kindWeights: [EventKind: Double] = [
        .prenatalScreening: 15, .newbornScreening: 14, .premaritalCheckup: 7, .elderlyRecord: 14,
    ]
    /// Shares of the good messages (the rest are new units).
    static let revision = 0.08
    static let retraction = 0.015
    static let duplicate = 0.03
    static let stale = 0.02
    /// Share of revisions that move the unit to another commune or, for dated kinds, to another month.
    static let moving = 0.25
    /// How many recent units the generator remembers for revisions, duplicates and retractions.
    static let rememberedUnits = 4_096
}
