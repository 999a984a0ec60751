import Testing
@testable import PopStreamCore

/// Rejection details go to dead-letter headers and logs: they never echo per-person values.
@Suite struct EventsDetailPrivacyTests {
    static let secretSubject = "SECRET-SUBJECT-4711"

    static let badEvents: [EventJSON] = {
        let base = EventJSON.newborn.with("subjectId", string: secretSubject)
        return [
            base.with("birthDate", string: "1987-02-30"),
            EventJSON.premarital.with("subjectId", string: secretSubject).with("partners",
                "[\(EventJSON.partner("male", "1987-02-03")),\(EventJSON.partner("female", "2031-05-05"))]"),
            base.with("recordedAt", string: "1987-02-30T10:00:00Z"),
            base.with("revision", "0"),
            base.with("subjectId", string: String(repeating: "SECRET", count: 30)),
            base.with("areaCode", string: "99999"),
            base.with("sex", "12345"),
            base.with("birthWeightGrams", "123456"),
            EventJSON.premarital.with("subjectId", string: secretSubject).with("partners",
                "[\(EventJSON.partner("male", "1987-02-30")),\(EventJSON.partner("female", "1988-03-03"))]"),
            EventJSON.elderly.with("subjectId", string: secretSubject).with("birthDate", string: "1987-03-03"),
        ]
    }()

    @Test(arguments: badEvents)
    func detailsHoldNoSubjectIdOrDate(event: EventJSON) {
        let detail = rejection(event)?.detail ?? ""
        #expect(!detail.isEmpty)
        #expect(!detail.contains("SECRET"))
        #expect(!detail.contains("1987") && !detail.contains("1988") && !detail.contains("2031"))
        #expect(!detail.contains("123456"))
    }

    @Test func keyMismatchDetailHoldsNeitherId() {
        let detail = rejection(EventJSON.newborn.with("subjectId", string: Self.secretSubject), key: "OTHER-KEY-99")?.detail ?? ""
        #expect(!detail.contains("SECRET") && !detail.contains("OTHER"))
    }

    @Test func echoedValuesAreTruncatedAndSanitised() {
        let long = String(repeating: "x", count: 100)
        let detail = rejection(EventJSON.newborn.with("sex", string: long))?.detail ?? ""
        #expect(detail.contains("\"" + String(repeating: "x", count: 40) + "…\""))
        #expect(!detail.contains(String(repeating: "x", count: 41)))
        let control = rejection(EventJSON.newborn.with("sex", #""a\nb\"c""#))?.detail ?? ""
        #expect(control.hasPrefix(#"sex: unknown value "a?b\"c""#))
        #expect(!control.contains("\n"))
    }
}
