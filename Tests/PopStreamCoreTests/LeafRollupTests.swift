import Testing
@testable import PopStreamCore

/// Leaf rows (one kind, lowest-level area and month) and their read-time rollup.
@Suite struct LeafRollupTests {
    let engine = IndicatorEngine(registry: Fixtures.registry)

    func leaves(_ events: [HealthEvent]) throws -> [(key: LeafKey, lanes: [Int64])] {
        var state = EngineState(engine: engine)
        var batch = engine.makeBatch(grain: .leaf)
        for event in events { _ = try state.apply(event, into: &batch) }
        var rows: [(key: LeafKey, lanes: [Int64])] = []
        batch.forEachLeafDelta { key, lanes in rows.append((key, lanes)) }
        return rows.sorted { $0.key < $1.key }
    }

    @Test func oneLeafRowPerKindAreaAndMonthWithEveryLane() throws {
        let rows = try leaves([Fixtures.newborn("a"), Fixtures.newborn("b", sex: .female), Fixtures.elderly("e")])
        #expect(rows.count == 2)
        let newborn = try #require(rows.first { $0.key.kind == .newbornScreening })
        #expect(newborn.key.month != nil && newborn.key.periodNumber == Int32(newborn.key.year * 100 + (newborn.key.month ?? 0)))
        // units, coverage n/d, positive n/d, sex ratio male/female
        #expect(newborn.lanes == [2, 2, 2, 0, 2, 1, 1])
        let elderly = try #require(rows.first { $0.key.kind == .elderlyRecord })
        #expect(elderly.key.month == nil && elderly.key.periodNumber % 100 == 0)
    }

    @Test func periodNumbersReadBack() {
        #expect(LeafKey(kind: .newbornScreening, area: "x", periodNumber: 202_503) == LeafKey(kind: .newbornScreening, area: "x", year: 2025, month: 3))
        #expect(LeafKey(kind: .elderlyRecord, area: "x", periodNumber: 202_500)?.month == nil)
        #expect(LeafKey(kind: .newbornScreening, area: "x", periodNumber: 202_513) == nil)
        #expect(LeafKey(kind: .newbornScreening, area: "x", periodNumber: 99) == nil)
    }

    @Test func queriesNeedOnlyTheirLeaves() throws {
        let rollup = LeafRollup(engine: engine)
        let commune = try #require(Fixtures.registry.areas.last { Fixtures.registry.children(of: $0.code).isEmpty })
        let province = try #require(Fixtures.registry.ancestors(of: commune.code).last { $0.level != "national" })
        let needed = rollup.leavesNeeded(for: CounterQuery(area: province.code, period: .quarter(2025, 2), indicator: .sexRatioAtBirth))
        #expect(needed.kinds == [.newbornScreening])
        #expect(needed.periodNumbers == [202_504, 202_505, 202_506])
        #expect(needed.areas?.contains(commune.code) == true)
        #expect(needed.areas?.allSatisfy { Fixtures.registry.children(of: $0).isEmpty && Fixtures.registry.isSelfOrDescendant($0, of: province.code) } == true)
        #expect(rollup.leavesNeeded(for: CounterQuery(year: 2024)).periodNumbers == Set((0...12).map { Int32(202_400 + $0) }))
        #expect(rollup.leavesNeeded(for: CounterQuery(area: "nowhere")).areas == [])
        #expect(rollup.leavesNeeded(for: CounterQuery(period: .year(2025), year: 2024)).periodNumbers == [])
    }

    @Test func rollUpEqualsTheRolledUpEngineAndFilters() throws {
        let events = [Fixtures.newborn("a"), Fixtures.newborn("b", sex: .female), Fixtures.newborn("c", area: "02102"),
                      Fixtures.newborn("a", revision: 2, area: "02102"), Fixtures.elderly("e"), Fixtures.prenatal("p")]
        var state = EngineState(engine: engine)
        try state.apply(batch: events)
        let rollup = LeafRollup(engine: engine)
        let rows = try leaves(events)
        #expect(try rollup.rollUp(rows, matching: .all) == state.liveCounters)
        let query = CounterQuery(area: "02", level: "commune", year: 2025, indicator: .newbornScreeningCoverage)
        let want = state.liveCounters.filter { key, _ in
            key.indicator == .newbornScreeningCoverage && key.period.year == 2025
                && Fixtures.registry.area(key.area)?.level == "commune" && Fixtures.registry.isSelfOrDescendant(key.area, of: "02")
        }
        #expect(!want.isEmpty)
        #expect(try rollup.rollUp(rows, matching: query) == want)
        #expect(throws: UnknownAreaError(areaCode: "zz", kind: .prenatalScreening)) {
            try rollup.rollUp([(LeafKey(kind: .prenatalScreening, area: "zz", year: 2025, month: 1), [1, 1, 1])], matching: .all)
        }
    }
}
