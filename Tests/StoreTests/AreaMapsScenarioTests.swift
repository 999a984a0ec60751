import Foundation
import Pipeline
import PopStreamCore
import Reporting
import Testing
@testable import Store

/// Issue 15's scenario on the bundled maps, through the workers' path: events decoded (each placed on the
/// map of its date), applied in commit windows, committed to a real store, read on either map.
@Suite("Area maps over time: the bundled scenario")
struct AreaMapsScenarioTests {
    static let maps = BundledAreas.mapSet
    static let old = BundledAreas.threeLevel2025Name
    static let new = BundledAreas.twoLevel2025Name
    static let partition = TopicPartition(topic: "health.newborn-screening.v1", partition: 0)

    /// A newborn event as a hospital publishes it, decoded by the workers' decoder over the bundled maps.
    static func newborn(_ subject: String, revision: Int = 1, area: String, born: String, screened: Bool = true,
                        areaMap: String? = nil) throws -> HealthEvent {
        let date = try #require(LocalDate(born))
        let results = NewbornScreeningResults(Dictionary(uniqueKeysWithValues: NewbornCondition.allCases.map {
            ($0, screened ? NewbornResult.negative : NewbornResult.notScreened)
        }))
        let envelope = EventEnvelope(eventId: "\(subject)-r\(revision)", kind: .newbornScreening, subjectId: subject,
                                     revision: revision, recordedAt: 1_793_000_000, facilityCode: "BV-TN-01",
                                     areaCode: area, areaMap: areaMap)
        let event = HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(birthDate: date, sex: .female, screenings: results)))
        return try EventDecoder(maps: maps).decode(event.jsonText(), kind: .newbornScreening)
    }

    /// Applies `events` in one window and commits it.
    static func commit(_ events: [HealthEvent], store: any StateStore, offset: inout Int64) async throws {
        let claim = try #require(try await store.claimPartitions(group: "maps", partitions: [partition]).first)
        var window = CommitWindowBuilder(maps: maps, defaultMap: new, group: "maps")
        try await window.load(units: events.map(\.unitKey), from: store)
        for event in events { try window.apply(event) }
        window.consumed(partition, epoch: claim.epoch, from: claim.nextOffset, through: offset + Int64(events.count) - 1,
                        messages: events.count, bytes: 0)
        try await store.commitBatch(window.commit())
        offset += Int64(events.count)
    }

    static func reader(_ store: any StateStore, on map: String) throws -> FigureReader {
        FigureReader(store: store, view: try #require(MapView(maps: maps, on: map)))
    }

    static func coverage(_ area: String, _ period: String) throws -> AggregateKey {
        AggregateKey(indicator: .newbornScreeningCoverage, area: area, period: try #require(Period(period)))
    }

    @Test("a 2024 birth in 01969 counts in old Phủ Thông town, Bạch Thông and Bắc Kạn; a 2026 one in new Phủ Thông and Thái Nguyên",
          arguments: StoreKind.tested)
    func placementByDate(kind: StoreKind) async throws {
        let early = try Self.newborn("s-2024", area: "01969", born: "2024-05-10")
        let late = try Self.newborn("s-2026", area: "01969", born: "2026-02-03")
        #expect(early.envelope.areaMap == Self.old)
        #expect(late.envelope.areaMap == Self.new)
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit([early, late], store: store, offset: &offset)

            let onOld = try await Self.reader(store, on: Self.old).figures(CounterQuery(period: .year(2024)))
            for area in ["01969", "063", "06", "VN"] {
                #expect(onOld.counters[try Self.coverage(area, "2024")]?.denominator == 1, "old map, \(area)")
                #expect(onOld.isExact(try Self.coverage(area, "2024")))
            }
            let onNew = try await Self.reader(store, on: Self.new).figures(CounterQuery(period: .year(2026)))
            for area in ["01969", "19", "VN"] {
                #expect(onNew.counters[try Self.coverage(area, "2026")]?.denominator == 1, "new map, \(area)")
            }
            // The 2026 birth is on the new map only: nothing of it lies on the old map's own rows.
            let oldRows = try await store.leafCounters(matching: LeafCounterFilter(map: Self.old))
            #expect(oldRows.map(\.key.period) == [202405])
        }
    }

    @Test("the 2025 figures of the new Thái Nguyên hold both halves of the year, exact at province level",
          arguments: StoreKind.tested)
    func yearOfTheReform(kind: StoreKind) async throws {
        // First half on the old map: Phủ Thông town (whole into new 01969), Đôn Phong (whole into 01849),
        // and a commune of old Thái Nguyên that was split. Second half on the new map.
        let split = try #require(BundledAreas.crosswalk2025.entries.first { $0.part == .partial && BundledAreas.threeLevel2025.ancestors(of: $0.oldCode).contains { $0.code == "19" } })
        let events = [
            try Self.newborn("h1-a", area: "01969", born: "2025-03-01"),
            try Self.newborn("h1-b", area: "01984", born: "2025-06-30", screened: false),
            try Self.newborn("h1-c", area: split.oldCode, born: "2025-05-15"),
            try Self.newborn("h2-a", area: "01969", born: "2025-07-01"),
            try Self.newborn("h2-b", area: "01840", born: "2025-12-31"),
        ]
        #expect(events.map(\.envelope.areaMap) == [Self.old, Self.old, Self.old, Self.new, Self.new])
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit(events, store: store, offset: &offset)
            let figures = try await Self.reader(store, on: Self.new).figures(CounterQuery(period: .year(2025)))
            let province = try Self.coverage("19", "2025")
            #expect(figures.counters[province] == CounterDelta(numerator: 4, denominator: 5, units: 5))
            #expect(figures.isExact(province))
            // Whole old communes carry over exactly; the split one makes its new communes approximate.
            #expect(figures.counters[try Self.coverage("01969", "2025")]?.denominator == 2)
            #expect(figures.isExact(try Self.coverage("01969", "2025")))
            #expect(figures.counters[try Self.coverage("01849", "2025")] == CounterDelta(numerator: 0, denominator: 1, units: 1))
            let destinations = BundledAreas.crosswalk2025.entries(forOldCode: split.oldCode).map(\.newCode)
            #expect(destinations.count > 1)
            for destination in destinations { #expect(!figures.isExact(try Self.coverage(destination, "2025")), "\(destination)") }
            // Quarters keep apart: Q2 holds only old-map figures, Q3 only new-map ones.
            let third: Period = try #require(Period("2025-Q3"))
            let q3 = try await Self.reader(store, on: Self.new).figures(CounterQuery(period: third))
            #expect(q3.counters[try Self.coverage("19", "2025-Q3")]?.denominator == 1)
        }
    }

    @Test("Bạch Thông's 2030 newborn target is evaluated on its 2026 figures over the communes that cover it, flagged approximate",
          arguments: StoreKind.tested)
    func planAreaAfterTheReform(kind: StoreKind) async throws {
        let view = try #require(MapView(maps: Self.maps, on: Self.new))
        let plan = try #require(PlanArea("063", in: view))
        #expect(plan.area.name == "Huyện Bạch Thông")
        #expect(plan.cover == ["01849", "01969", "01981", "02008", "02014"])
        #expect(!plan.coverExact)
        #expect(PlanArea("01969", in: view) == nil)

        var events: [HealthEvent] = []
        for (index, area) in ["01849", "01969", "01981", "02008", "02014"].enumerated() {
            for birth in 0..<8 { events.append(try Self.newborn("bt-\(index)-\(birth)", area: area, born: "2026-0\(1 + birth % 6)-11", screened: birth != 0)) }
        }
        events.append(try Self.newborn("elsewhere", area: "01840", born: "2026-03-01"))
        events.append(try Self.newborn("before", area: "01978", born: "2025-02-01"))
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit(events, store: store, offset: &offset)
            var targets: [String: TargetSet] = [:]
            for map in Self.maps.maps {
                let bundled: TargetSet = try #require(try BundledTargets.targets(named: map.id, registry: map.registry))
                targets[map.id] = bundled
            }
            let deployment = ReportDeployment(view: view, targets: targets)
            let report = IndicatorReport(store: store, deployment: deployment)
            let query = try ReportQuery.resolve(area: "063", level: nil, period: "2026", indicator: "newborn_screening_coverage", view: view)
            let rows = try await report.rows(query)
            let row = try #require(rows.first)
            #expect(rows.count == 1)
            #expect(row.area == "063" && row.areaName == "Huyện Bạch Thông" && row.level == "district")
            #expect(row.numerator == 35 && row.denominator == 40)
            // The national 2030 target (90%, 70% in 2025) interpolated to 2026, inherited through Bắc Kạn.
            #expect(row.target == EffectiveTarget(comparator: .atLeast, value: 74))
            #expect(!row.exact)
            #expect(row.spans == plan.cover)
            let json = String(decoding: row.jsonBytes(), as: UTF8.self)
            #expect(json.contains(#""exact":false,"spans":["01849","01969","01981","02008","02014"]"#))

            // 2025 reads the first half exactly on the old map, the second over the cover.
            let year2025 = try await report.rows(try ReportQuery.resolve(area: "063", level: nil, period: "2025",
                                                                         indicator: "newborn_screening_coverage", view: view))
            #expect(year2025.first?.denominator == 1)
            #expect(year2025.first?.exact == true)
        }
    }

    @Test("a correction moving a birth from June to July 2025 leaves no trace on the old map", arguments: StoreKind.tested)
    func correctionAcrossTheReform(kind: StoreKind) async throws {
        let first = try Self.newborn("moved", area: "01978", born: "2025-06-28")
        let corrected = try Self.newborn("moved", revision: 2, area: "01969", born: "2025-07-02")
        #expect(first.envelope.areaMap == Self.old && corrected.envelope.areaMap == Self.new)
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit([first], store: store, offset: &offset)
            try await Self.commit([corrected], store: store, offset: &offset)
            let oldRows = try await store.leafCounters(matching: LeafCounterFilter(map: Self.old))
            #expect(oldRows.allSatisfy { $0.lanes.allSatisfy { $0 == 0 } })
            let onOld = try await FigureReader(store: store, engine: IndicatorEngine(registry: BundledAreas.threeLevel2025), map: Self.old)
                .counters(CounterQuery(year: 2025))
            #expect(onOld.isEmpty)
            let onNew = try await Self.reader(store, on: Self.new).figures(CounterQuery(year: 2025))
            #expect(onNew.counters[try Self.coverage("19", "2025-07")]?.units == 1)
            #expect(onNew.counters[try Self.coverage("19", "2025-06")] == nil)
            #expect(onNew.counters[try Self.coverage("19", "2025")]?.units == 1)
        }
    }

    @Test("a back-filled record names its map with areaMap, whatever its date", arguments: StoreKind.tested)
    func explicitMap(kind: StoreKind) async throws {
        let backfilled = try Self.newborn("bf", area: "01978", born: "2025-08-01", areaMap: Self.old)
        #expect(backfilled.envelope.areaMap == Self.old)
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit([backfilled], store: store, offset: &offset)
            let onOld = try await Self.reader(store, on: Self.old).figures(CounterQuery(period: .year(2025)))
            #expect(onOld.counters[try Self.coverage("063", "2025")]?.units == 1)
        }
    }

    @Test("alerts evaluated on the new map see first-half 2025 figures recorded on the old map", arguments: StoreKind.tested)
    func alertsOnTheCurrentMap(kind: StoreKind) async throws {
        // 40 births in old Phủ Thông town (whole into new 01969) in May 2025, none screened: the 2025 rows of
        // new Phủ Thông and Thái Nguyên breach the national 70% target.
        let events = try (0..<40).map { try Self.newborn("unscreened-\($0)", area: "01969", born: "2025-05-1\($0 % 10)", screened: false) }
        #expect(events.allSatisfy { $0.envelope.areaMap == Self.old })
        try await TestDatabase.withStore(kind) { store in
            var offset: Int64 = 0
            try await Self.commit(events, store: store, offset: &offset)
            let view = try #require(MapView(maps: Self.maps, on: Self.new))
            let registry = BundledAreas.twoLevel2025
            let targets = try #require(try BundledTargets.targets(named: Self.new, registry: registry))
            let cycle = AlertCycle(kind: .newbornScreening, view: view, store: store,
                                   evaluator: IndicatorEvaluator(registry: registry, targets: targets))
            let lease = try #require(try await store.acquireLease(scope: "alerts/newborn-screening/\(Self.new)", holder: "a",
                                                                  duration: .seconds(30)))
            let outcome = try await cycle.run(lease: lease)
            #expect(outcome.transitions > 0)
            let states = try await store.alertStates(ids: ["newborn_screening_coverage|01969|2025", "newborn_screening_coverage|19|2025",
                                                           "newborn_screening_coverage|063|2025"])
            #expect(states["newborn_screening_coverage|01969|2025"]?.severity == "critical")
            #expect(states["newborn_screening_coverage|19|2025"]?.severity == "critical")
            // Old-map areas are not evaluated on the new map.
            #expect(states["newborn_screening_coverage|063|2025"] == nil)
        }
    }
}
