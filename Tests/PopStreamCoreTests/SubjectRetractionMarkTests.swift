import Testing
@testable import PopStreamCore

/// An elderly retraction without `reportingYear` retracts every person-year of the subject. A person-year
/// recorded at a lower revision but arriving after it stays retracted: the subject's retraction mark keeps
/// the retraction's revision, so the figures do not depend on the order events arrive in.
@Suite("A subject's retraction of every person-year, in any order")
struct SubjectRetractionMarkTests {
    /// Records of one subject in three years around a retraction of every year at revision 3, and a
    /// record for 2026 above it.
    static let events: [HealthEvent] = [
        Fixtures.elderly("S", year: 2024, revision: 1),
        Fixtures.elderly("S", year: 2025, revision: 2, area: "02101"),
        Fixtures.retraction(.elderlyRecord, subject: "S", revision: 3),
        Fixtures.elderly("S", year: 2026, revision: 4, insured: false),
        Fixtures.elderly("S", year: 2023, revision: 2),
    ].enumerated().map { number, event in
        var event = event
        event.envelope.eventId = "event-\(number)"
        return event
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard let first = items.first else { return [[]] }
        return permutations(Array(items.dropFirst())).flatMap { rest in
            (0...rest.count).map { position in
                var order = rest
                order.insert(first, at: position)
                return order
            }
        }
    }

    @Test("all 120 arrival orders give the figures of the final revisions: only 2026 is counted")
    func everyOrder() throws {
        let engine = IndicatorEngine(registry: Fixtures.registry)
        var expected = EngineState(engine: engine)
        try expected.apply(Self.events[3])
        let orders = Self.permutations(Array(Self.events.indices))
        #expect(orders.count == 120)
        let wrong = try orders.filter { order in
            var state = EngineState(engine: engine)
            for index in order { try state.apply(Self.events[index]) }
            return state.liveCounters != expected.liveCounters
        }
        #expect(wrong.isEmpty, "\(wrong.count) orders differ, among them \(wrong.prefix(3))")
    }

    @Test("outcomes: a late lower revision is stale, a higher one applied; the retraction of an unknown subject is applied, its redelivery a duplicate")
    func outcomes() throws {
        var state = EngineState(engine: IndicatorEngine(registry: Fixtures.registry))
        let retraction = Self.events[2]
        #expect(retraction.retractsEveryPersonYear)
        #expect(try state.apply(retraction) == .applied, "it marks the subject")
        #expect(try state.apply(retraction) == .duplicate)
        #expect(try state.apply(Self.events[0]) == .stale)
        #expect(try state.apply(Self.events[3]) == .applied)
        #expect(try state.apply(Fixtures.retraction(.elderlyRecord, subject: "S", revision: 2)) == .stale)
        #expect(state.units[UnitKey(kind: .elderlyRecord, subjectId: "S")]?.revision == 3)
        #expect(state.liveCounters.values.allSatisfy { $0.units == 1 })
    }

    @Test("the mark's key: a person-year names its subject's mark; the mark and other kinds name none")
    func keys() {
        let personYear = UnitKey(kind: .elderlyRecord, subjectId: "S", reportingYear: 2025)
        #expect(personYear.subjectRetractionMark == UnitKey(kind: .elderlyRecord, subjectId: "S"))
        #expect(personYear.subjectRetractionMark?.isSubjectRetractionMark == true)
        #expect(!personYear.isSubjectRetractionMark)
        #expect(UnitKey(kind: .elderlyRecord, subjectId: "S").subjectRetractionMark == nil)
        #expect(UnitKey(kind: .newbornScreening, subjectId: "S").subjectRetractionMark == nil)
        #expect(!UnitKey(kind: .newbornScreening, subjectId: "S").isSubjectRetractionMark)
    }

    @Test("an event for a person-year names the year in its envelope and, for a record, in its body")
    func forPersonYear() {
        let record = Fixtures.elderly("S", year: 2024, revision: 1).forPersonYear(2026)
        #expect(record.envelope.reportingYear == 2026 && record.unitKey.reportingYear == 2026)
        guard case .elderly(let body)? = record.body else { Issue.record("not an elderly record"); return }
        #expect(body.reportingYear == 2026)
        let retraction = Fixtures.retraction(.elderlyRecord, subject: "S", revision: 3).forPersonYear(2025)
        #expect(retraction.envelope.reportingYear == 2025 && retraction.body == nil && !retraction.retractsEveryPersonYear)
    }
}
