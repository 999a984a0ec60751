/// Plausibility rules a valid JSON event must also meet (phase 6, `schema_violation`), and the elderly scope
/// rule (phase 8, `out_of_scope`). Each rule is documented in docs/events.md, "Sanity rules".
enum SanityRules {
    static func check(body: EventBody?, reportingYear: Int?, recordedOn: LocalDate) throws(EventRejection) {
        if let reportingYear {
            guard (EventDecoder.earliestYear...(recordedOn.year + 1)).contains(reportingYear) else {
                throw violation("reportingYear", "must be between \(EventDecoder.earliestYear) and the year after recordedAt")
            }
        }
        switch body {
        case .prenatal(let event)?:
            if let year = event.motherBirthYear, !(EventDecoder.earliestYear...event.registeredOn.year).contains(year) {
                throw violation("motherBirthYear", "must be between \(EventDecoder.earliestYear) and the year of registeredOn")
            }
        case .premarital(let event)?:
            for (index, partner) in event.partners.enumerated() where partner.birthDate > event.registeredOn {
                throw violation("partners[\(index)].birthDate", "after registeredOn")
            }
        case .newborn?, .elderly?, nil:
            break
        }
    }

    /// An elderly record is in scope when the person is 60 or older on 31 December of `reportingYear`.
    static func checkScope(_ record: ElderlyRecord) throws(EventRejection) {
        guard let yearEnd = LocalDate(year: record.reportingYear, month: 12, day: 31),
              record.birthDate.age(on: yearEnd) >= EventDecoder.elderlyMinimumAge
        else {
            throw EventRejection(.outOfScope,
                                 "birthDate: under \(EventDecoder.elderlyMinimumAge) on 31 December of reportingYear")
        }
    }

    private static func violation(_ path: String, _ rule: String) -> EventRejection {
        EventRejection(.schemaViolation, "\(path): \(rule)")
    }
}
