/// `elderly-record` fields before date parsing (`reportingYear` is read with the envelope).
struct ElderlyDraft {
    var reportingYear: Int
    var birthDate: Int
    var sex: PartnerSex
    var hasHealthInsurance: Bool
    var hasHealthRecord: Bool
    var checkupsThisYear: Int
    var careSetting: CareSetting
}

extension EventDecoding {
    func readElderly() throws(EventRejection) -> ElderlyDraft {
        typealias Slot = EventFieldNames.Elderly
        return ElderlyDraft(
            reportingYear: try reader.integer(fields[Slot.reportingYear], "reportingYear", in: Int.min...Int.max),
            birthDate: try reader.dateNode(fields[Slot.birthDate], "birthDate"),
            sex: try reader.enumValue(fields[Slot.sex], "sex", Vocabulary.partnerSexes),
            hasHealthInsurance: try reader.bool(fields[Slot.hasHealthInsurance], "hasHealthInsurance"),
            hasHealthRecord: try reader.bool(fields[Slot.hasHealthRecord], "hasHealthRecord"),
            checkupsThisYear: try reader.integer(fields[Slot.checkupsThisYear], "checkupsThisYear", in: 0...Int.max),
            careSetting: try reader.enumValue(fields[Slot.careSetting], "careSetting", Vocabulary.careSettings))
    }

    func finish(_ draft: ElderlyDraft) throws(EventRejection) -> ElderlyRecord {
        ElderlyRecord(reportingYear: draft.reportingYear, birthDate: try reader.date(draft.birthDate, "birthDate"),
                      sex: draft.sex, hasHealthInsurance: draft.hasHealthInsurance,
                      hasHealthRecord: draft.hasHealthRecord, checkupsThisYear: draft.checkupsThisYear,
                      careSetting: draft.careSetting)
    }
}
