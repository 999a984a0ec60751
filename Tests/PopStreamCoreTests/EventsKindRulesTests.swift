import Testing
@testable import PopStreamCore

/// The kind rules of contract section 3, one case per rule.
@Suite struct EventsKindRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var event: EventJSON
        var reason: DeadLetterReason
        var detail: String
        var testDescription: String { name }
    }

    static let prenatal: [Case] = [
        Case(name: "registeredOn missing", event: EventJSON.prenatal.without("registeredOn"), reason: .schemaViolation,
             detail: "registeredOn: required field missing"),
        Case(name: "registeredOn number", event: EventJSON.prenatal.with("registeredOn", "20250901"),
             reason: .schemaViolation, detail: "registeredOn: expected a date string YYYY-MM-DD, got a number"),
        Case(name: "registeredOn 2025-02-30", event: EventJSON.prenatal.with("registeredOn", string: "2025-02-30"),
             reason: .invalidDate, detail: "registeredOn: not a calendar date YYYY-MM-DD"),
        Case(name: "registeredOn yesterday", event: EventJSON.prenatal.with("registeredOn", string: "yesterday"),
             reason: .invalidDate, detail: "registeredOn: not a calendar date YYYY-MM-DD"),
        Case(name: "motherBirthYear string", event: EventJSON.prenatal.with("motherBirthYear", string: "1995"),
             reason: .schemaViolation, detail: "motherBirthYear: expected an integer, got a string"),
        Case(name: "motherBirthYear after registration", event: EventJSON.prenatal.with("motherBirthYear", "2026"),
             reason: .schemaViolation, detail: "motherBirthYear: must be between 1900 and the year of registeredOn"),
        Case(name: "ethnicity number", event: EventJSON.prenatal.with("ethnicity", "1"), reason: .schemaViolation,
             detail: "ethnicity: expected a string, got a number"),
        Case(name: "ethnicity empty", event: EventJSON.prenatal.with("ethnicity", string: ""), reason: .schemaViolation,
             detail: "ethnicity: expected 1..64 characters, got 0"),
        Case(name: "screenings missing", event: EventJSON.prenatal.without("screenings"), reason: .schemaViolation,
             detail: "screenings: required field missing"),
        Case(name: "screenings array", event: EventJSON.prenatal.with("screenings", "[]"), reason: .schemaViolation,
             detail: "screenings: expected an object, got an array"),
        Case(name: "unknown condition", event: EventJSON.prenatal.with("screenings", #"{"rubella":"low_risk"}"#),
             reason: .schemaViolation, detail: #"screenings: unknown condition "rubella""#),
        Case(name: "newborn condition on prenatal",
             event: EventJSON.prenatal.with("screenings", #"{"hearing_loss":"low_risk"}"#),
             reason: .schemaViolation, detail: #"screenings: unknown condition "hearing_loss""#),
        Case(name: "unknown result", event: EventJSON.prenatal.with("screenings", #"{"down_syndrome":"maybe"}"#),
             reason: .schemaViolation,
             detail: #"screenings.down_syndrome: unknown result "maybe" (expected low_risk, high_risk or not_screened)"#),
        Case(name: "newborn result on prenatal", event: EventJSON.prenatal.with("screenings", #"{"thalassemia":"positive"}"#),
             reason: .schemaViolation, detail: #"screenings.thalassemia: unknown result "positive""#),
        Case(name: "result null", event: EventJSON.prenatal.with("screenings", #"{"thalassemia":null}"#),
             reason: .schemaViolation, detail: "screenings.thalassemia: expected a string, got null"),
        Case(name: "duplicate condition",
             event: EventJSON.prenatal.with("screenings", #"{"thalassemia":"low_risk","thalassemia":"high_risk"}"#),
             reason: .schemaViolation, detail: #"screenings: duplicate key "thalassemia""#),
    ]

    static let newborn: [Case] = [
        Case(name: "birthDate missing", event: EventJSON.newborn.without("birthDate"), reason: .schemaViolation,
             detail: "birthDate: required field missing"),
        Case(name: "birthDate 2025-13-01", event: EventJSON.newborn.with("birthDate", string: "2025-13-01"),
             reason: .invalidDate, detail: "birthDate: not a calendar date YYYY-MM-DD"),
        Case(name: "birthDate 2025-9-2", event: EventJSON.newborn.with("birthDate", string: "2025-9-2"),
             reason: .invalidDate, detail: "birthDate: not a calendar date YYYY-MM-DD"),
        Case(name: "birthDate with time", event: EventJSON.newborn.with("birthDate", string: "2025-09-02T00:00:00Z"),
             reason: .invalidDate, detail: "birthDate: not a calendar date YYYY-MM-DD"),
        Case(name: "sex missing", event: EventJSON.newborn.without("sex"), reason: .schemaViolation,
             detail: "sex: required field missing"),
        Case(name: "sex unknown", event: EventJSON.newborn.with("sex", string: "M"), reason: .schemaViolation,
             detail: #"sex: unknown value "M" (expected male, female or undetermined)"#),
        Case(name: "sex capitalised", event: EventJSON.newborn.with("sex", string: "Female"), reason: .schemaViolation,
             detail: #"sex: unknown value "Female""#),
        Case(name: "birthWeightGrams 299", event: EventJSON.newborn.with("birthWeightGrams", "299"),
             reason: .schemaViolation, detail: "birthWeightGrams: must be between 300 and 7000"),
        Case(name: "birthWeightGrams 7001", event: EventJSON.newborn.with("birthWeightGrams", "7001"),
             reason: .schemaViolation, detail: "birthWeightGrams: must be between 300 and 7000"),
        Case(name: "birthWeightGrams 3100.5", event: EventJSON.newborn.with("birthWeightGrams", "3100.5"),
             reason: .schemaViolation, detail: "birthWeightGrams: expected an integer, got a number with a fraction"),
        Case(name: "screenings missing", event: EventJSON.newborn.without("screenings"), reason: .schemaViolation,
             detail: "screenings: required field missing"),
        Case(name: "unknown result", event: EventJSON.newborn.with("screenings", #"{"hearing_loss":"high_risk"}"#),
             reason: .schemaViolation,
             detail: #"screenings.hearing_loss: unknown result "high_risk" (expected negative, positive or not_screened)"#),
        Case(name: "unknown condition", event: EventJSON.newborn.with("screenings", #"{"down_syndrome":"negative"}"#),
             reason: .schemaViolation, detail: #"screenings: unknown condition "down_syndrome""#),
    ]

    static let premarital: [Case] = [
        Case(name: "partners missing", event: EventJSON.premarital.without("partners"), reason: .schemaViolation,
             detail: "partners: required field missing"),
        Case(name: "partners object", event: EventJSON.premarital.with("partners", "{}"), reason: .schemaViolation,
             detail: "partners: expected an array of 2 objects, got an object"),
        Case(name: "one partner", event: EventJSON.premarital.with("partners", "[\(EventJSON.partner("male", "1990-01-01"))]"),
             reason: .schemaViolation, detail: "partners: expected exactly 2, got 1"),
        Case(name: "three partners", event: EventJSON.premarital.with("partners",
             "[\([String](repeating: EventJSON.partner("male", "1990-01-01"), count: 3).joined(separator: ","))]"),
             reason: .schemaViolation, detail: "partners: expected exactly 2, got 3"),
        Case(name: "partner not an object",
             event: EventJSON.premarital.with("partners", "[\(EventJSON.partner("male", "1990-01-01")),\"x\"]"),
             reason: .schemaViolation, detail: "partners[1]: expected an object, got a string"),
        Case(name: "partner sex undetermined",
             event: EventJSON.premarital.with("partners",
                "[\(EventJSON.partner("male", "1990-01-01")),\(EventJSON.partner("undetermined", "1990-01-01"))]"),
             reason: .schemaViolation, detail: #"partners[1].sex: unknown value "undetermined" (expected male or female)"#),
        Case(name: "partner checkup unknown",
             event: EventJSON.premarital.with("partners",
                "[\(EventJSON.partner("male", "1990-01-01", "blood_test")),\(EventJSON.partner("female", "1990-01-01"))]"),
             reason: .schemaViolation,
             detail: #"partners[0].checkup: unknown value "blood_test" (expected none, counseling or counseling_and_examination)"#),
        Case(name: "partner birthDate missing",
             event: EventJSON.premarital.with("partners",
                #"[{"sex":"male","checkup":"none"},"# + EventJSON.partner("female", "1990-01-01") + "]"),
             reason: .schemaViolation, detail: "partners[0].birthDate: required field missing"),
        Case(name: "partner birthDate invalid",
             event: EventJSON.premarital.with("partners",
                "[\(EventJSON.partner("male", "1990-02-29")),\(EventJSON.partner("female", "1990-01-01"))]"),
             reason: .invalidDate, detail: "partners[0].birthDate: not a calendar date YYYY-MM-DD"),
        Case(name: "partner born after registration",
             event: EventJSON.premarital.with("registeredOn", string: "2025-08-01").with("partners",
                "[\(EventJSON.partner("male", "1990-01-01")),\(EventJSON.partner("female", "2025-08-02"))]"),
             reason: .schemaViolation, detail: "partners[1].birthDate: after registeredOn"),
        Case(name: "partner duplicate field",
             event: EventJSON.premarital.with("partners",
                #"[{"sex":"male","sex":"female","birthDate":"1990-01-01","checkup":"none"},"#
                + EventJSON.partner("female", "1990-01-01") + "]"),
             reason: .schemaViolation, detail: #"partners[0]: duplicate key "sex""#),
        Case(name: "consanguineous missing", event: EventJSON.premarital.without("consanguineous"),
             reason: .schemaViolation, detail: "consanguineous: required field missing"),
        Case(name: "consanguineous string", event: EventJSON.premarital.with("consanguineous", string: "no"),
             reason: .schemaViolation, detail: "consanguineous: expected a boolean, got a string"),
        Case(name: "registeredOn invalid", event: EventJSON.premarital.with("registeredOn", string: "01/09/2025"),
             reason: .invalidDate, detail: "registeredOn: not a calendar date YYYY-MM-DD"),
    ]

    static let elderly: [Case] = [
        Case(name: "reportingYear missing", event: EventJSON.elderly.without("reportingYear"), reason: .schemaViolation,
             detail: "reportingYear: required field missing"),
        Case(name: "reportingYear string", event: EventJSON.elderly.with("reportingYear", string: "2025"),
             reason: .schemaViolation, detail: "reportingYear: expected an integer, got a string"),
        Case(name: "reportingYear far future", event: EventJSON.elderly.with("reportingYear", "2031"),
             reason: .schemaViolation, detail: "reportingYear: must be between 1900 and the year after recordedAt"),
        Case(name: "reportingYear ancient", event: EventJSON.elderly.with("reportingYear", "1899"),
             reason: .schemaViolation, detail: "reportingYear: must be between 1900 and the year after recordedAt"),
        Case(name: "birthDate invalid", event: EventJSON.elderly.with("birthDate", string: "1950-04-31"),
             reason: .invalidDate, detail: "birthDate: not a calendar date YYYY-MM-DD"),
        Case(name: "sex undetermined", event: EventJSON.elderly.with("sex", string: "undetermined"),
             reason: .schemaViolation, detail: #"sex: unknown value "undetermined" (expected male or female)"#),
        Case(name: "hasHealthInsurance missing", event: EventJSON.elderly.without("hasHealthInsurance"),
             reason: .schemaViolation, detail: "hasHealthInsurance: required field missing"),
        Case(name: "hasHealthRecord number", event: EventJSON.elderly.with("hasHealthRecord", "0"),
             reason: .schemaViolation, detail: "hasHealthRecord: expected a boolean, got a number"),
        Case(name: "checkupsThisYear negative", event: EventJSON.elderly.with("checkupsThisYear", "-1"),
             reason: .schemaViolation, detail: "checkupsThisYear: must be >= 0"),
        Case(name: "checkupsThisYear missing", event: EventJSON.elderly.without("checkupsThisYear"),
             reason: .schemaViolation, detail: "checkupsThisYear: required field missing"),
        Case(name: "careSetting unknown", event: EventJSON.elderly.with("careSetting", string: "hospital"),
             reason: .schemaViolation,
             detail: #"careSetting: unknown value "hospital" (expected none, home, community or facility)"#),
        Case(name: "under 60", event: EventJSON.elderly.with("birthDate", string: "1966-01-01"),
             reason: .outOfScope, detail: "birthDate: under 60 on 31 December of reportingYear"),
        Case(name: "born after recording", event: EventJSON.elderly.with("birthDate", string: "2025-12-01"),
             reason: .outOfScope, detail: "birthDate: under 60 on 31 December of reportingYear"),
    ]

    @Test(arguments: prenatal) func prenatalRule(_ rule: Case) { check(rule) }
    @Test(arguments: newborn) func newbornRule(_ rule: Case) { check(rule) }
    @Test(arguments: premarital) func premaritalRule(_ rule: Case) { check(rule) }
    @Test(arguments: elderly) func elderlyRule(_ rule: Case) { check(rule) }

    private func check(_ rule: Case) {
        let rejected = rejection(rule.event)
        #expect(rejected?.reason == rule.reason, "\(rule.event)")
        #expect(rejected?.detail.hasPrefix(rule.detail) == true, "\(rejected?.detail ?? "accepted")")
    }

    @Test func emptyScreeningsMeanNothingScreened() throws {
        let event = try decoded(EventJSON.newborn.with("screenings", "{}"))
        guard case .newborn(let body)? = event.body else { Issue.record("not newborn"); return }
        #expect(body.screenings.count == 5 && body.screenings.values.allSatisfy { $0 == .notScreened })
    }

    @Test func optionalFieldsMayBeAbsent() {
        #expect(rejection(EventJSON.prenatal.without("motherBirthYear").without("ethnicity")) == nil)
        #expect(rejection(EventJSON.newborn.without("birthWeightGrams").without("ethnicity")) == nil)
        #expect(rejection(EventJSON.premarital.with("partners",
            #"[{"sex":"male","birthDate":"1990-01-01","checkup":"none"},{"sex":"male","birthDate":"1991-01-01","checkup":"none"}]"#)) == nil)
    }

    @Test func birthWeightBoundsAreInclusive() {
        #expect(rejection(EventJSON.newborn.with("birthWeightGrams", "300")) == nil)
        #expect(rejection(EventJSON.newborn.with("birthWeightGrams", "7000")) == nil)
    }

    /// The contract orders no date against `recordedAt` (recordedAt is 2025-09-04 here): a record dated after it
    /// is counted in its own period, not refused.
    @Test func anchorDatesAfterRecordingAreAccepted() {
        #expect(rejection(EventJSON.prenatal.with("registeredOn", string: "2025-09-06")) == nil)
        #expect(rejection(EventJSON.newborn.with("birthDate", string: "2025-12-31")) == nil)
        #expect(rejection(EventJSON.premarital.with("registeredOn", string: "2026-01-02")) == nil)
    }

    @Test func checkupsMayBeZeroAndReportingYearNextYear() {
        #expect(rejection(EventJSON.elderly.with("checkupsThisYear", "0")) == nil)
        #expect(rejection(EventJSON.elderly.with("reportingYear", "2026")) == nil)
    }
}
