import Testing
@testable import PopStreamCore

@Suite struct EventsRetractionTests {
    static func bareRetraction(_ kind: EventKind) -> EventJSON {
        EventJSON.envelope(kind, subject: "subj-1").with("retracted", "true")
    }

    @Test(arguments: [EventKind.prenatalScreening, .newbornScreening, .premaritalCheckup])
    func kindFieldsMayBeAbsent(kind: EventKind) throws {
        let event = try decoded(Self.bareRetraction(kind))
        #expect(event.envelope.retracted)
        #expect(event.body == nil)
    }

    @Test func kindFieldsOfARetractionAreIgnoredEvenWhenWrong() throws {
        let event = try decoded(EventJSON.newborn.with("retracted", "true").with("sex", string: "maybe")
            .with("birthDate", string: "2025-02-30"))
        #expect(event.body == nil)
    }

    @Test func envelopeIsStillCheckedOnARetraction() {
        #expect(rejection(Self.bareRetraction(.newbornScreening).with("revision", "0"))?.reason == .schemaViolation)
        #expect(rejection(Self.bareRetraction(.newbornScreening).with("areaCode", string: "99999"))?.reason == .unknownArea)
        #expect(rejection(Self.bareRetraction(.newbornScreening), key: "other")?.reason == .keyMismatch)
    }

    @Test func elderlyRetractionReadsTheReportingYearWhenGiven() throws {
        let bare = Self.bareRetraction(.elderlyRecord)
        // Without it: every person-year of the subject.
        let everyYear = try decoded(bare)
        #expect(everyYear.retractsEveryPersonYear && everyYear.envelope.reportingYear == nil)
        #expect(rejection(bare.with("reportingYear", "2025.0"))?.reason == .schemaViolation)
        #expect(rejection(bare.with("reportingYear", "null")) == nil)
        let event = try decoded(bare.with("reportingYear", "2025"))
        #expect(event.envelope.reportingYear == 2025)
        #expect(event.unitKey == UnitKey(kind: .elderlyRecord, subjectId: "subj-1", reportingYear: 2025))
        #expect(event.body == nil && !event.retractsEveryPersonYear)
    }

    @Test func anElderlyRetractionIsNotOutOfScope() {
        // The record being retracted may have been wrong: its age is not judged again.
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1990-01-01").with("retracted", "true")) == nil)
    }
}
