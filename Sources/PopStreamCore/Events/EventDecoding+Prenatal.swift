/// `prenatal-screening` fields before date parsing.
struct PrenatalDraft {
    var registeredOn: Int
    var motherBirthYear: Int?
    var ethnicity: String?
    var screenings: PrenatalScreeningResults
}

extension EventDecoding {
    func readPrenatal() throws(EventRejection) -> PrenatalDraft {
        typealias Slot = EventFieldNames.Prenatal
        return PrenatalDraft(
            registeredOn: try reader.dateNode(fields[Slot.registeredOn], "registeredOn"),
            motherBirthYear: try reader.optionalInteger(fields[Slot.motherBirthYear], "motherBirthYear",
                                                        in: Int.min...Int.max),
            ethnicity: try reader.optionalString(fields[Slot.ethnicity], "ethnicity", length: EventDecoder.ethnicityLength),
            screenings: try readScreenings(fields[Slot.screenings], conditions: Vocabulary.prenatalConditions,
                                           results: Vocabulary.prenatalResults, notScreened: .notScreened))
    }

    func finish(_ draft: PrenatalDraft) throws(EventRejection) -> PrenatalScreening {
        PrenatalScreening(registeredOn: try reader.date(draft.registeredOn, "registeredOn"),
                          motherBirthYear: draft.motherBirthYear, ethnicity: draft.ethnicity,
                          screenings: draft.screenings)
    }
}
