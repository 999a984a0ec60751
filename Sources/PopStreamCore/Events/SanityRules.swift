/// Plausibility rules a valid JSON event must also meet (phase 6, `schema_violation`), and the elderly scope
/// rule (phase 8, `out_of_scope`). Each rule is documented in docs/events.md, "Sanity rules".
enum SanityRules {
    /// Dates may lie at most this many days after the local date of `recordedAt` (time-zone slack).
    static let futureToleranceDays = 1

    static func check(body: EventBody?, reportingYear: Int?, recordedOn: LocalDate) throws(EventRejection) {
        let latest = recordedOn.adding(days: futureToleranceDays) ?? recordedOn
        if let reportingYear {
            guard (EventDecoder.earliestYear...(recordedOn.year + 1)).contains(reportingYear) else {
                throw violation("reportingYear", "must be between \(EventDecoder.earliestYear) and the year after recordedAt")
            }
        }
        func notAfterRecording(_ date: LocalDate, _ path: @autoclosure () -> String) throws(EventRejection) {
            guard date <= latest else { throw violation(path(), "later than recordedAt") }
        }
        switch body {
        case .prenatal(let event)?:
            try notAfterRecording(event.registeredOn, "registeredOn")
            if let year = event.motherBirthYear, !(EventDecoder.earliestYear...event.registeredOn.year).contains(year) {
                throw violation("motherBirthYear", "must be between \(EventDecoder.earliestYear) and the year of registeredOn")
            }
        case .newborn(let event)?:
            try notAfterRecording(event.birthDate, "birthDate")
        case .premarital(let event)?:
            try notAfterRecording(event.registeredOn, "registeredOn")
            for (index, partner) in event.partners.enumerated() where partner.birthDate > event.registeredOn {
                throw violation("partners[\(index)].birthDate", "after registeredOn")
            }
        case .elderly(let event)?:
            try notAfterRecording(event.birthDate, "birthDate")
        case nil:
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
