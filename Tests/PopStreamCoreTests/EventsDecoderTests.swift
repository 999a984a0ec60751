import Testing
@testable import PopStreamCore

@Suite struct EventsDecoderTests {
    @Test(arguments: EventKind.allCases)
    func validEventOfEachKindDecodes(kind: EventKind) throws {
        let event = try decoded(EventJSON.valid(kind), key: nil)
        #expect(event.kind == kind)
        #expect(event.envelope.schemaVersion == 1)
        #expect(event.envelope.revision == 1)
        #expect(event.envelope.areaCode == "01840")
        #expect(event.envelope.facilityCode == "BV-TN-01")
        #expect(!event.envelope.retracted)
        #expect(event.body != nil)
    }

    @Test func prenatalFieldsAndMissingConditionsAreNotScreened() throws {
        let event = try decoded(.prenatal)
        guard case .prenatal(let body)? = event.body else { Issue.record("not prenatal"); return }
        #expect(body.registeredOn == LocalDate(year: 2025, month: 9, day: 1))
        #expect(body.motherBirthYear == 1995)
        #expect(body.ethnicity == "01")
        #expect(body.screenings == [.downSyndrome: .lowRisk, .edwardsSyndrome: .highRisk,
                                    .thalassemia: .notScreened, .patauSyndrome: .notScreened])
    }

    @Test func newbornFields() throws {
        let event = try decoded(.newborn)
        guard case .newborn(let body)? = event.body else { Issue.record("not newborn"); return }
        #expect(body.birthDate == LocalDate(year: 2025, month: 9, day: 2))
        #expect(body.sex == .female)
        #expect(body.birthWeightGrams == 3100)
        #expect(body.screenings.count == 5)
        #expect(body.screenings[.g6pdDeficiency] == .positive)
        #expect(body.screenings[.congenitalHeartDisease] == .notScreened)
    }

    @Test func premaritalFields() throws {
        let event = try decoded(.premarital)
        guard case .premarital(let body)? = event.body else { Issue.record("not premarital"); return }
        #expect(body.partners.count == 2)
        #expect(body.partners[0].sex == .male)
        #expect(body.partners[0].checkup == .counselingAndExamination)
        #expect(body.partners[1].birthDate == LocalDate(year: 2000, month: 11, day: 30))
        #expect(body.partners[1].checkup == .counseling)
        #expect(!body.consanguineous)
        #expect(!body.isChildMarriage)
    }

    @Test func elderlyFieldsAndReportingYearInEnvelope() throws {
        let event = try decoded(.elderly)
        guard case .elderly(let body)? = event.body else { Issue.record("not elderly"); return }
        #expect(body.reportingYear == 2025)
        #expect(event.envelope.reportingYear == 2025)
        #expect(event.unitKey.storageKey == "eld-0001|2025")
        #expect(body.sex == .male && body.hasHealthInsurance && !body.hasHealthRecord)
        #expect(body.checkupsThisYear == 2 && body.careSetting == .community)
    }

    @Test func recordedAtBecomesEpochSeconds() throws {
        // 2025-09-04T10:00:03+07:00 = 2025-09-04T03:00:03Z
        #expect(try decoded(.newborn).envelope.recordedAt == 1_756_954_803)
        let utc = EventJSON.newborn.with("recordedAt", string: "2025-09-04T03:00:03.5Z")
        #expect(try decoded(utc).envelope.recordedAt == 1_756_954_803.5)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let event = EventJSON.newborn.with("note", #"{"free":[1,2,{"x":null}]}"#).with("extra", "true")
        #expect(rejection(event) == nil)
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        let event = try decoded(EventJSON.newborn.with("birthWeightGrams", "null").with("ethnicity", "null")
            .with("retracted", "null"))
        guard case .newborn(let body)? = event.body else { Issue.record("not newborn"); return }
        #expect(body.birthWeightGrams == nil && body.ethnicity == nil)
    }

    @Test func escapedStringsAreDecoded() throws {
        let event = try decoded(EventJSON.newborn.with("facilityCode", #""BV\u002DTN \"01\"""#)
            .with("subjectId", #""nb-\u00e9\ud83d\ude00""#), key: "nb-é😀")
        #expect(event.envelope.facilityCode == "BV-TN \"01\"")
        #expect(event.envelope.subjectId == "nb-é😀")
    }

    @Test func allInputFormsAgree() throws {
        let event = EventJSON.elderly
        let decoder = EventDecoder()
        let fromArray = try decoder.decode(event.bytes, kind: .elderlyRecord, key: Array("eld-0001".utf8))
        let fromString = try decoder.decode(event.description, kind: .elderlyRecord, key: "eld-0001")
        let fromRaw = try event.bytes.withUnsafeBytes { raw in
            try Array("eld-0001".utf8).withUnsafeBytes { key in
                try decoder.decode(raw, kind: .elderlyRecord, key: key)
            }
        }
        #expect(fromArray == fromString)
        #expect(fromArray == fromRaw)
    }

    @Test func aThreeLevelRegistryAcceptsOldCodes() throws {
        let old = EventJSON.newborn.with("areaCode", string: "00001")
        #expect(rejection(old)?.reason == .unknownArea)
        let decoder = EventDecoder(registry: BundledAreas.threeLevel2025)
        #expect(throws: Never.self) { try decoder.decode(old.bytes, kind: .newbornScreening) }
    }
}
