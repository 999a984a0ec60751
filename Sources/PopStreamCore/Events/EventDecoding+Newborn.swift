/// `newborn-screening` fields before date parsing.
struct NewbornDraft {
    var birthDate: Int
    var sex: NewbornSex
    var birthWeightGrams: Int?
    var ethnicity: String?
    var screenings: NewbornScreeningResults
}

extension EventDecoding {
    func readNewborn() throws(EventRejection) -> NewbornDraft {
        typealias Slot = EventFieldNames.Newborn
        return NewbornDraft(
            birthDate: try reader.dateNode(fields[Slot.birthDate], "birthDate"),
            sex: try reader.enumValue(fields[Slot.sex], "sex", Vocabulary.newbornSexes),
            birthWeightGrams: try reader.optionalInteger(fields[Slot.birthWeightGrams], "birthWeightGrams",
                                                         in: EventDecoder.birthWeightGrams),
            ethnicity: try reader.optionalString(fields[Slot.ethnicity], "ethnicity", length: EventDecoder.ethnicityLength),
            screenings: try readScreenings(fields[Slot.screenings], conditions: Vocabulary.newbornConditions,
                                           results: Vocabulary.newbornResults, notScreened: .notScreened))
    }

    func finish(_ draft: NewbornDraft) throws(EventRejection) -> NewbornScreening {
        NewbornScreening(birthDate: try reader.date(draft.birthDate, "birthDate"), sex: draft.sex,
                         birthWeightGrams: draft.birthWeightGrams, ethnicity: draft.ethnicity,
                         screenings: draft.screenings)
    }
}
