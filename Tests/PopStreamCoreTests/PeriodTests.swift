import Testing
@testable import PopStreamCore

@Suite struct PeriodTests {
    @Test func formatsAndParsesTheThreeForms() throws {
        #expect(Period.year(2025).description == "2025")
        #expect(Period.quarter(2025, 3)?.description == "2025-Q3")
        #expect(Period.month(2025, 3)?.description == "2025-03")
        #expect(Period.month(2025, 11)?.description == "2025-11")
        for text in ["2025", "2025-Q1", "2025-Q4", "2025-01", "2025-12", "0999"] {
            #expect(Period(text)?.description == text)
        }
        for bad in ["", "25", "2025-Q0", "2025-Q5", "2025-00", "2025-13", "2025-1", "2025-q1", "2025-03-01", "abcd", "0000"] {
            #expect(Period(bad) == nil, "\(bad)")
        }
    }

    @Test func allPeriodsOfAnAnchorDate() {
        let periods = Period.all(for: Fixtures.date(2024, 12, 31))
        #expect(periods.map(\.description) == ["2024", "2024-Q4", "2024-12"])
        #expect(Period.all(for: Fixtures.date(2025, 4, 1)).map(\.description) == ["2025", "2025-Q2", "2025-04"])
        #expect(Period.all(year: 2025, month: nil) == [.year(2025)])
    }

    @Test func packedCodeRoundTrips() throws {
        for text in ["2025", "2025-Q1", "2025-Q4", "2025-01", "2025-12", "9999-12"] {
            let period = try #require(Period(text))
            #expect(Period(packedCode: period.packedCode) == period)
        }
    }

    @Test func ordersChronologicallyYearFirst() throws {
        let sorted = ["2025-02", "2025-Q1", "2024", "2025", "2025-01"].compactMap(Period.init).sorted()
        #expect(sorted.map(\.description) == ["2024", "2025", "2025-Q1", "2025-01", "2025-02"])
    }
}
