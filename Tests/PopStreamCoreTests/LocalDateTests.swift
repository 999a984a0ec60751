import Testing
@testable import PopStreamCore

@Suite struct LocalDateTests {
    @Test(arguments: ["2025-01-01", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2025-12-31", "2025-04-30"])
    func realDatesParse(text: String) {
        #expect(LocalDate(text)?.description == text)
    }

    @Test(arguments: ["2025-02-29", "1900-02-29", "2100-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-04-31",
                      "2025-01-00", "0000-01-01", "2025-1-01", "2025-01-1", "25-01-01", "2025/01/01", "2025-01-01 ",
                      " 2025-01-01", "2025-01-01T00:00:00Z", "+2025-01-01", "yesterday", "", "２０２５-01-01",
                      "2025-0a-01", "20250-1-01"])
    func impossibleOrMalformedDatesAreRejected(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func leapYears() {
        #expect(LocalDate.isLeapYear(2024) && LocalDate.isLeapYear(2000))
        #expect(!LocalDate.isLeapYear(1900) && !LocalDate.isLeapYear(2025) && !LocalDate.isLeapYear(2100))
    }

    @Test func ageCountsFullYears() throws {
        let born = try #require(LocalDate(year: 2005, month: 6, day: 15))
        #expect(born.age(on: try #require(LocalDate(year: 2025, month: 6, day: 14))) == 19)
        #expect(born.age(on: try #require(LocalDate(year: 2025, month: 6, day: 15))) == 20)
        #expect(born.age(on: try #require(LocalDate(year: 2025, month: 12, day: 31))) == 20)
    }

    @Test func daysSince1970RoundTrips() throws {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.daysSince1970 == 0)
        #expect(LocalDate(year: 2025, month: 9, day: 4)?.daysSince1970 == 20_335)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.daysSince1970 == -1)
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let date = try #require(LocalDate(daysSince1970: days))
            #expect(date.daysSince1970 == days)
        }
        #expect(LocalDate(year: 2024, month: 2, day: 28)?.adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(year: 2025, month: 12, day: 31)?.adding(days: 1) == LocalDate(year: 2026, month: 1, day: 1))
        #expect(LocalDate(year: 9999, month: 12, day: 31)?.adding(days: 1) == nil)
    }

    @Test func vietnamDateOfAnInstant() {
        #expect(LocalDate(vietnamDateOf: 0) == LocalDate(year: 1970, month: 1, day: 1))
        // 16:59:59Z is 23:59:59 in Vietnam, 17:00:00Z is the next day.
        #expect(LocalDate(vietnamDateOf: 1_756_918_799) == LocalDate(year: 2025, month: 9, day: 3))
        #expect(LocalDate(vietnamDateOf: 1_756_918_800) == LocalDate(year: 2025, month: 9, day: 4))
        #expect(LocalDate(vietnamDateOf: -25_200.5) == LocalDate(year: 1969, month: 12, day: 31))
        #expect(LocalDate(vietnamDateOf: .infinity) == nil)
    }

    @Test func quarterAndOrdering() throws {
        #expect(LocalDate("2025-03-31")?.quarter == 1)
        #expect(LocalDate("2025-04-01")?.quarter == 2)
        #expect(LocalDate("2025-12-31")?.quarter == 4)
        #expect(try #require(LocalDate("2024-12-31")) < #require(LocalDate("2025-01-01")))
    }
}
