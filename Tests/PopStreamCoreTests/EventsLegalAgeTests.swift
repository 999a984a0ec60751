import Testing
@testable import PopStreamCore

/// Birthday edges of the legal marriage age (men 20, women 18 full years on registeredOn) and of the elderly
/// scope rule (60 or older on 31 December of reportingYear), through the decoder.
@Suite struct EventsLegalAgeTests {
    func couple(registeredOn: String, male: String, female: String) throws -> PremaritalCheckup {
        let event = try decoded(EventJSON.premarital.with("registeredOn", string: registeredOn)
            .with("recordedAt", string: "2025-09-04T10:00:00+07:00")
            .with("partners", "[\(EventJSON.partner("male", male)),\(EventJSON.partner("female", female))]"))
        guard case .premarital(let body)? = event.body else { throw DecodeFailure() }
        return body
    }

    struct DecodeFailure: Error {}

    @Test func maleTheDayBeforeHisTwentiethBirthdayIsUnderAge() throws {
        #expect(try couple(registeredOn: "2025-06-14", male: "2005-06-15", female: "1990-01-01").isChildMarriage)
    }

    @Test func maleOnHisTwentiethBirthdayIsOfAge() throws {
        #expect(try !couple(registeredOn: "2025-06-15", male: "2005-06-15", female: "1990-01-01").isChildMarriage)
    }

    @Test func femaleTheDayBeforeHerEighteenthBirthdayIsUnderAge() throws {
        #expect(try couple(registeredOn: "2025-03-09", male: "1990-01-01", female: "2007-03-10").isChildMarriage)
    }

    @Test func femaleOnHerEighteenthBirthdayIsOfAge() throws {
        #expect(try !couple(registeredOn: "2025-03-10", male: "1990-01-01", female: "2007-03-10").isChildMarriage)
    }

    @Test func aNineteenYearOldWomanIsOfAgeButANineteenYearOldManIsNot() throws {
        #expect(try !couple(registeredOn: "2025-05-01", male: "1990-01-01", female: "2006-01-01").isChildMarriage)
        #expect(try couple(registeredOn: "2025-05-01", male: "2006-01-01", female: "1990-01-01").isChildMarriage)
    }

    @Test func aLeapDayBirthdayIsReachedOnTheFirstOfMarchInCommonYears() throws {
        // Born 29 February 2004: in the leap year 2024 the twentieth birthday is 29 February itself.
        #expect(try couple(registeredOn: "2024-02-28", male: "2004-02-29", female: "1990-01-01").isChildMarriage)
        #expect(try !couple(registeredOn: "2024-02-29", male: "2004-02-29", female: "1990-01-01").isChildMarriage)
        // Born 29 February 2008, 18 in 2026 (a common year): still 17 on 28 February, 18 on 1 March.
        let female2008 = LocalDate(year: 2008, month: 2, day: 29)
        #expect(female2008?.age(on: LocalDate(year: 2026, month: 2, day: 28)!) == 17)
        #expect(female2008?.age(on: LocalDate(year: 2026, month: 3, day: 1)!) == 18)
        #expect(try couple(registeredOn: "2025-02-28", male: "2005-02-28", female: "1990-01-01").isChildMarriage == false)
        #expect(try couple(registeredOn: "2025-02-28", male: "1990-01-01", female: "2007-03-01").isChildMarriage)
    }

    @Test func elderlyTurningSixtyOnTheLastDayOfTheYearIsInScope() {
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1965-12-31")) == nil)
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1965-01-01")) == nil)
    }

    @Test func elderlyTurningSixtyTheNextDayIsOutOfScope() {
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1966-01-01"))?.reason == .outOfScope)
    }

    @Test func elderlyScopeFollowsTheReportingYearNotTheRecordingDate() {
        // Someone born in 1965 is in scope for 2025 even when recorded in January.
        let event = EventJSON.elderly.with("birthDate", string: "1965-11-20")
            .with("recordedAt", string: "2025-01-15T08:00:00+07:00")
        #expect(rejection(event) == nil)
        #expect(rejection(event.with("reportingYear", "2024"))?.reason == .outOfScope)
    }

    @Test func elderlyLeapDayBirth() {
        // Born 29 February 1964: 60 on 29 February 2024 (leap year), so in scope for 2024.
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1964-02-29").with("reportingYear", "2024")) == nil)
        #expect(rejection(EventJSON.elderly.with("birthDate", string: "1964-02-29").with("reportingYear", "2023"))?.reason
                == .outOfScope)
    }
}
