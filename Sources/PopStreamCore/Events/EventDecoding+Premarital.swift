/// `premarital-checkup` fields before date parsing.
struct PremaritalDraft {
    struct Partner {
        var sex: PartnerSex
        var birthDate: Int
        var checkup: PremaritalCheckupLevel
        var ethnicity: String?
    }

    var registeredOn: Int
    var partners: [Partner]
    var consanguineous: Bool
}

extension EventDecoding {
    func readPremarital() throws(EventRejection) -> PremaritalDraft {
        typealias Slot = EventFieldNames.Premarital
        let registeredOn = try reader.dateNode(fields[Slot.registeredOn], "registeredOn")
        let array = try reader.require(fields[Slot.partners], .array, "partners", expected: "an array of 2 objects")
        let count = document.nodes[array].count
        guard count == 2 else { throw reader.violation("partners", "expected exactly 2, got \(count)") }
        var partners: [PremaritalDraft.Partner] = []
        partners.reserveCapacity(2)
        for (index, element) in document.elements(of: array).enumerated() {
            partners.append(try readPartner(element, index: index))
        }
        let consanguineous = try reader.bool(fields[Slot.consanguineous], "consanguineous")
        return PremaritalDraft(registeredOn: registeredOn, partners: partners, consanguineous: consanguineous)
    }

    private func readPartner(_ node: Int, index: Int) throws(EventRejection) -> PremaritalDraft.Partner {
        typealias Slot = EventFieldNames.Partner
        // Paths are built only when a rule fails.
        func path(_ field: String = "") -> String { "partners[\(index)]" + (field.isEmpty ? "" : "." + field) }
        let object = try reader.require(node, .object, path(), expected: "an object")
        let partner = try ObjectFields(document, object: object, table: Slot.table, path: path())
        return PremaritalDraft.Partner(
            sex: try reader.enumValue(partner[Slot.sex], path("sex"), Vocabulary.partnerSexes),
            birthDate: try reader.dateNode(partner[Slot.birthDate], path("birthDate")),
            checkup: try reader.enumValue(partner[Slot.checkup], path("checkup"), Vocabulary.checkupLevels),
            ethnicity: try reader.optionalString(partner[Slot.ethnicity], path("ethnicity"),
                                                 length: EventDecoder.ethnicityLength))
    }

    func finish(_ draft: PremaritalDraft) throws(EventRejection) -> PremaritalCheckup {
        let registeredOn = try reader.date(draft.registeredOn, "registeredOn")
        var partners: [PremaritalCheckup.Partner] = []
        partners.reserveCapacity(2)
        for (index, partner) in draft.partners.enumerated() {
            partners.append(PremaritalCheckup.Partner(
                sex: partner.sex, birthDate: try reader.date(partner.birthDate, "partners[\(index)].birthDate"),
                checkup: partner.checkup, ethnicity: partner.ethnicity))
        }
        return PremaritalCheckup(registeredOn: registeredOn, partners: partners, consanguineous: draft.consanguineous)
    }
}
