/// The numerator and denominator rules of contract section 5, from one event's fields to a `Contribution`.
extension Contribution {
    /// The contribution of a non-retracted event; `nil` for a retraction or an event without its kind's fields.
    public init?(event: HealthEvent) {
        guard !event.envelope.retracted, let body = event.body else { return nil }
        let area = event.envelope.areaCode
        let plain: Contribution
        switch body {
        case .prenatal(let record):
            plain = Contribution.prenatal(record, area: area)
        case .newborn(let record):
            plain = Contribution.newborn(record, area: area)
        case .premarital(let record):
            plain = Contribution.premarital(record, area: area)
        case .elderly(let record):
            plain = Contribution.elderly(record, area: area)
        }
        self = event.envelope.areaMap.map { plain.placed(on: $0) } ?? plain
    }

    /// Packs one (numerator, denominator) pair of small counts into slot `slot`.
    private static func pack(_ numerator: Int, _ denominator: Int, slot: Int) -> UInt64 {
        (UInt64(numerator) | UInt64(denominator) << 4) << UInt64(8 * slot)
    }

    private static func flag(_ condition: Bool) -> Int { condition ? 1 : 0 }

    static func prenatal(_ record: PrenatalScreening, area: String) -> Contribution {
        var screened = 0
        var highRisk = false
        for (_, result) in record.screenings where result != .notScreened {
            screened += 1
            if result == .highRisk { highRisk = true }
        }
        let packed = pack(flag(screened == PrenatalCondition.allCases.count), 1, slot: 0)
            | pack(flag(highRisk), flag(screened > 0), slot: 1)
        return Contribution(kind: .prenatalScreening, areaCode: area, map: "", year: record.registeredOn.year,
                            month: record.registeredOn.month, packedCounts: packed)
    }

    static func newborn(_ record: NewbornScreening, area: String) -> Contribution {
        var screened = 0
        var positive = false
        for (_, result) in record.screenings where result != .notScreened {
            screened += 1
            if result == .positive { positive = true }
        }
        let packed = pack(flag(screened == NewbornCondition.allCases.count), 1, slot: 0)
            | pack(flag(positive), flag(screened > 0), slot: 1)
            | pack(flag(record.sex == .male), flag(record.sex == .female), slot: 2)
        return Contribution(kind: .newbornScreening, areaCode: area, map: "", year: record.birthDate.year,
                            month: record.birthDate.month, packedCounts: packed)
    }

    static func premarital(_ record: PremaritalCheckup, area: String) -> Contribution {
        let partners = min(record.partners.count, maxCount)
        let examined = min(record.partners.count { $0.checkup == .counselingAndExamination }, maxCount)
        let child = flag(record.isChildMarriage)
        let related = flag(record.consanguineous)
        let packed = pack(examined, partners, slot: 0)
            | pack(child, 1, slot: 1) | pack(child, 1, slot: 2)
            | pack(related, 1, slot: 3) | pack(related, 1, slot: 4)
        return Contribution(kind: .premaritalCheckup, areaCode: area, map: "", year: record.registeredOn.year,
                            month: record.registeredOn.month, packedCounts: packed)
    }

    static func elderly(_ record: ElderlyRecord, area: String) -> Contribution {
        let insured = record.hasHealthInsurance
        let managed = record.hasHealthRecord
        let checked = record.checkupsThisYear >= 1
        let packed = pack(flag(insured), 1, slot: 0) | pack(flag(managed), 1, slot: 1)
            | pack(flag(checked), 1, slot: 2) | pack(flag(insured && managed && checked), 1, slot: 3)
        return Contribution(kind: .elderlyRecord, areaCode: area, map: "", year: record.reportingYear,
                            month: nil, packedCounts: packed)
    }
}
