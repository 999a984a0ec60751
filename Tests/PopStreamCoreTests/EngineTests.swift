import Testing
@testable import PopStreamCore

@Suite struct EngineTests {
    let engine = IndicatorEngine(registry: Fixtures.registry)

    func key(_ indicator: IndicatorID, _ area: String, _ period: String) -> AggregateKey {
        AggregateKey(indicator: indicator, area: area, period: Period(period) ?? .year(1))
    }

    @Test func newbornContributionRules() throws {
        let male = try #require(Contribution(event: Fixtures.newborn("a", sex: .male, screened: 5, positive: true)))
        #expect(male.counts(for: .newbornScreeningCoverage) == (1, 1))
        #expect(male.counts(for: .newbornPositiveRate) == (1, 1))
        #expect(male.counts(for: .sexRatioAtBirth) == (1, 0))
        let undetermined = try #require(Contribution(event: Fixtures.newborn("b", sex: .undetermined, screened: 0)))
        #expect(undetermined.counts(for: .newbornScreeningCoverage) == (0, 1))
        #expect(undetermined.counts(for: .newbornPositiveRate) == (0, 0))
        #expect(undetermined.counts(for: .sexRatioAtBirth) == (0, 0))
        let female = try #require(Contribution(event: Fixtures.newborn("c", sex: .female, screened: 4)))
        #expect(female.counts(for: .newbornScreeningCoverage) == (0, 1))
        #expect(female.counts(for: .newbornPositiveRate) == (0, 1))
        #expect(female.counts(for: .sexRatioAtBirth) == (0, 1))
    }

    @Test func prenatalPremaritalElderlyRules() throws {
        let prenatal = try #require(Contribution(event: Fixtures.prenatal("p", screened: 2, highRisk: true)))
        #expect(prenatal.counts(for: .prenatalScreeningCoverage) == (0, 1))
        #expect(prenatal.counts(for: .prenatalHighRiskRate) == (1, 1))
        // Married on 2025-06-01, bride born 2007-06-02: 17 full years, a child marriage.
        let child = try #require(Contribution(event: Fixtures.premarital(
            "m", femaleBorn: Fixtures.date(2007, 6, 2), checkups: (.counselingAndExamination, .counselingAndExamination),
            consanguineous: true)))
        #expect(child.counts(for: .premaritalCheckupCoverage) == (2, 2))
        #expect(child.counts(for: .childMarriageRate) == (1, 1))
        #expect(child.counts(for: .childMarriageCount) == (1, 1))
        #expect(child.counts(for: .consanguineousMarriageRate) == (1, 1))
        let adult = try #require(Contribution(event: Fixtures.premarital("n", femaleBorn: Fixtures.date(2007, 6, 1),
                                                                             checkups: (.counseling, .none))))
        #expect(adult.counts(for: .premaritalCheckupCoverage) == (0, 2))
        #expect(adult.counts(for: .childMarriageCount) == (0, 1))
        let elderly = try #require(Contribution(event: Fixtures.elderly("e", insured: true, record: true, checkups: 0)))
        #expect(elderly.counts(for: .elderlyInsuranceCoverage) == (1, 1))
        #expect(elderly.counts(for: .elderlyAnnualCheckupCoverage) == (0, 1))
        #expect(elderly.counts(for: .elderlyFullCareCoverage) == (0, 1))
        #expect(elderly.periods == [.year(2025)])
    }

    @Test func firstEventRollsUpToEveryAncestorAndPeriod() throws {
        let result = engine.apply(Fixtures.newborn("a", area: "01102", born: Fixtures.date(2025, 8, 9), sex: .undetermined), current: nil)
        #expect(result.outcome == .applied)
        let deltas = try engine.deltas(of: result)
        // 4 areas x 3 periods x 3 indicators, including the 0/0 sex ratio row (units = 1).
        #expect(deltas.count == 36)
        #expect(deltas[key(.sexRatioAtBirth, "VN", "2025-Q3")] == CounterDelta(numerator: 0, denominator: 0, units: 1))
        #expect(deltas[key(.newbornScreeningCoverage, "011", "2025-08")] == CounterDelta(numerator: 1, denominator: 1, units: 1))
    }

    @Test func duplicateStaleAndReplacement() throws {
        let first = engine.apply(Fixtures.newborn("a", revision: 2), current: nil)
        let state = try #require(first.state)
        #expect(engine.apply(Fixtures.newborn("a", revision: 2), current: state).outcome == .duplicate)
        #expect(engine.apply(Fixtures.newborn("a", revision: 1), current: state).outcome == .stale)
        #expect(engine.apply(Fixtures.newborn("a", revision: 2, eventId: "other"), current: state).outcome == .stale)
        // A higher revision moves the birth to another province and year: old rows -1, new rows +1.
        let moved = engine.apply(Fixtures.newborn("a", revision: 3, area: "02101", born: Fixtures.date(2024, 12, 30)), current: state)
        #expect(moved.outcome == .applied)
        let deltas = try engine.deltas(of: moved)
        #expect(deltas[key(.newbornScreeningCoverage, "01", "2025")] == CounterDelta(numerator: -1, denominator: -1, units: -1))
        #expect(deltas[key(.newbornScreeningCoverage, "02", "2024-12")] == CounterDelta(numerator: 1, denominator: 1, units: 1))
        // VN: -1 in 2025, +1 in 2024; nothing cancels because the year changed.
        #expect(deltas[key(.sexRatioAtBirth, "VN", "2025")] == CounterDelta(numerator: -1, denominator: 0, units: -1))
        #expect(moved.state.map { Array($0.appliedEvents) } == ["a#2", "a#3"].map(EventIdDigest.init))
    }

    @Test func sameAreaRevisionOnlyChangesFlagsAndDropsZeros() throws {
        let first = try #require(engine.apply(Fixtures.newborn("a", sex: .male), current: nil).state)
        let result = engine.apply(Fixtures.newborn("a", revision: 2, sex: .female), current: first)
        let deltas = try engine.deltas(of: result)
        #expect(deltas.count == 12) // sex ratio only, 4 areas x 3 periods
        #expect(deltas[key(.sexRatioAtBirth, "VN", "2025")] == CounterDelta(numerator: -1, denominator: 1, units: 0))
        let same = engine.apply(Fixtures.newborn("a", revision: 3, sex: .female), current: result.state)
        #expect(same.outcome == .applied)
        #expect(try engine.deltas(of: same).isEmpty)
    }

    @Test func retractionLeavesATombstone() throws {
        let live = try #require(engine.apply(Fixtures.elderly("e", revision: 1), current: nil).state)
        let retracted = engine.apply(Fixtures.retraction(.elderlyRecord, subject: "e", revision: 2, reportingYear: 2025), current: live)
        #expect(retracted.outcome == .applied)
        let tombstone = try #require(retracted.state)
        #expect(tombstone.retracted && !tombstone.isLive && tombstone.revision == 2)
        #expect(try engine.deltas(of: retracted)[key(.elderlyInsuranceCoverage, "VN", "2025")]
            == CounterDelta(numerator: -1, denominator: -1, units: -1))
        #expect(engine.apply(Fixtures.elderly("e", revision: 1, insured: false), current: tombstone).outcome == .duplicate)
        let late = Fixtures.elderly("e", revision: 1, insured: false)
        var lateCopy = late
        lateCopy.envelope.eventId = "late"
        #expect(engine.apply(lateCopy, current: tombstone).outcome == .stale)
        let revived = engine.apply(Fixtures.elderly("e", revision: 3), current: tombstone)
        #expect(revived.outcome == .applied && revived.removed == nil && revived.added != nil)
    }

    @Test func remembersTheLastFewEventIds() throws {
        var state: UnitState?
        for revision in 1...6 { state = engine.apply(Fixtures.prenatal("p", revision: revision), current: state).state }
        let final = try #require(state)
        #expect(Array(final.appliedEvents) == ["p#3", "p#4", "p#5", "p#6"].map(EventIdDigest.init))
        #expect(final.hasApplied(eventId: "p#6") && !final.hasApplied(eventId: "p#2"))
        #expect(engine.apply(Fixtures.prenatal("p", revision: 3), current: final).outcome == .duplicate)
        #expect(engine.apply(Fixtures.prenatal("p", revision: 2), current: final).outcome == .stale)
    }

    @Test func unitStateSerialisationRoundTrips() throws {
        let states: [UnitState] = [
            try #require(engine.apply(Fixtures.premarital("m", consanguineous: true), current: nil).state),
            try #require(engine.apply(Fixtures.elderly("e", year: 2031), current: nil).state),
            UnitState(revision: 1_000_000_000_000, appliedEvents: AppliedEventDigests(["ü-ø-😀", ""].map(EventIdDigest.init)), retracted: true, contribution: nil),
        ]
        for state in states {
            let bytes = state.serialized()
            #expect(try UnitState(serialized: bytes) == state)
            let json = try JSONEncoderForTests.encode(state)
            #expect(try JSONEncoderForTests.decode(UnitState.self, json) == state)
        }
        #expect(throws: UnitStateDecodingError.self) { try UnitState(serialized: []) }
        #expect(throws: UnitStateDecodingError.self) { try UnitState(serialized: [9]) }
        // A state holds digests, not ids: a few dozen bytes whatever the ids' length.
        let longIds = UnitState(revision: 7, appliedEvents: AppliedEventDigests((1...4).map { EventIdDigest(String(repeating: "x", count: 120) + "\($0)") }),
                                retracted: false, contribution: states[0].contribution)
        #expect(longIds.serialized().count < 60)
        var truncated = states[0].serialized()
        truncated.removeLast()
        #expect(throws: UnitStateDecodingError.self) { try UnitState(serialized: truncated) }
        #expect(throws: UnitStateDecodingError.self) { try UnitState(serialized: states[0].serialized() + [0]) }
    }

    @Test func unknownAreaIsAnErrorNotASilentSkip() throws {
        let result = engine.apply(Fixtures.newborn("x", area: "99999"), current: nil)
        #expect(result.outcome == .applied)
        #expect(throws: UnknownAreaError(areaCode: "99999", kind: .newbornScreening)) { try engine.deltas(of: result) }
        // A stored contribution in an area the registry lost: removing it must fail, not be skipped.
        let stored = engine.apply(Fixtures.newborn("y"), current: nil)
        let lost = IndicatorEngine(registry: try AreaRegistry(areas: engine.registry.areas.filter { $0.code != "01101" }))
        let correction = lost.apply(Fixtures.newborn("y", revision: 2, area: "02102"), current: stored.state)
        var batch = lost.makeBatch()
        #expect(throws: UnknownAreaError(areaCode: "01101", kind: .newbornScreening)) { try batch.add(correction) }
        #expect(batch.isEmpty, "nothing of the failed result was added")
    }

    @Test func engineStateBatchEqualsOneByOne() throws {
        let events = [Fixtures.newborn("a"), Fixtures.newborn("b", sex: .female), Fixtures.newborn("a", revision: 2, area: "02102"),
                      Fixtures.retraction(.newbornScreening, subject: "b", revision: 5), Fixtures.newborn("a")]
        var batched = EngineState(engine: engine)
        #expect(try batched.apply(batch: events) == [.applied, .applied, .applied, .applied, .duplicate])
        var single = EngineState(engine: engine)
        for event in events { try single.apply(event) }
        #expect(batched.liveCounters == single.liveCounters)
        #expect(batched.liveCounters[key(.newbornScreeningCoverage, "02", "2025-03")]
            == CounterDelta(numerator: 1, denominator: 1, units: 1))
        #expect(batched.liveCounters[key(.newbornScreeningCoverage, "01", "2025")] == nil)
    }

    @Test func spilledAndMergedBatchesGiveTheSameDeltas() throws {
        var random = SeededGenerator(seed: 7)
        let stream = RandomStream(random: &random)
        let events = stream.deliveries(random: &random)
        var plain = engine.makeBatch()
        var spilling = engine.makeBatch()
        spilling.spillThreshold = 3
        var halves = (engine.makeBatch(), engine.makeBatch())
        var states: [UnitKey: UnitState] = [:]
        for (position, event) in events.enumerated() {
            let result = engine.apply(event, current: states[event.unitKey])
            if result.stateChanged { states[event.unitKey] = result.state }
            try plain.add(result)
            try spilling.add(result)
            if position % 2 == 0 { try halves.0.add(result) } else { try halves.1.add(result) }
        }
        var merged = engine.makeBatch()
        merged.merge(halves.0)
        merged.merge(halves.1)
        #expect(spilling.deltas == plain.deltas)
        #expect(merged.deltas == plain.deltas)
        #expect(!plain.deltas.isEmpty)
        spilling.removeAll()
        #expect(spilling.isEmpty && spilling.deltas.isEmpty)
    }
}

@Suite struct EventIdDigestTests {
    @Test func digestsAreStableFNV1aAndTellIdsApart() {
        // FNV-1a 64 reference values: the empty string and "a".
        #expect(EventIdDigest("").value == 0xCBF2_9CE4_8422_2325)
        #expect(EventIdDigest("a").value == 0xAF63_DC4C_8601_EC8C)
        #expect(EventIdDigest("a").description == "af63dc4c8601ec8c")
        let ids = (0..<10_000).map { "evt-\($0)" }
        #expect(Set(ids.map(EventIdDigest.init)).count == ids.count)
    }
}
